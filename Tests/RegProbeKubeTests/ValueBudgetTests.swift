import Foundation
import Testing

@testable import RegProbeKube

/// One budget of values and bytes for everything a run reads (`KubeValueBudget`): charged as values are built,
/// aliases each time they are used, across documents, files and standard input, JSON and YAML alike.
@Suite("value budget")
struct ValueBudgetTests {
    /// A ConfigMap whose `a<levels>` expands to `fanOut^(levels+1)` strings of 16 bytes, in a few hundred bytes.
    static func aliasBomb(fanOut: Int, levels: Int, name: String = "bomb") -> String {
        var text = "kind: ConfigMap\nmetadata: {name: \(name)}\n"
        text += "a0: &a0 [" + Array(repeating: "xxxxxxxxxxxxxxxx", count: fanOut).joined(separator: ", ") + "]\n"
        for level in 1...levels {
            text +=
                "a\(level): &a\(level) ["
                + Array(repeating: "*a\(level - 1)", count: fanOut).joined(separator: ", ") + "]\n"
        }
        return text
    }

    /// `count` small Deployments, one document each.
    static func deployments(_ count: Int) -> String {
        (0..<count).map { i in
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app-\(i)
              namespace: team-\(i % 20)
              labels: {app: app-\(i), tier: backend}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: app-\(i)}
              template:
                metadata:
                  labels: {app: app-\(i), tier: backend}
                spec:
                  containers:
                  - name: app
                    image: registry.example.com/shop/app:1.\(i % 7)
                    ports:
                    - containerPort: 8080
                    resources:
                      requests: {cpu: 100m, memory: 128Mi}
                    env:
                    - name: MODE
                      value: production

            """
        }.joined(separator: "---\n")
    }

    // MARK: - The budget itself

    struct ChargeCase: Sendable, CustomTestStringConvertible {
        let name: String
        let maximumValues: Int
        let maximumBytes: Int
        /// (values, bytes) charged in order.
        let charges: [(Int, Int)]
        /// How many charges pass before the first failure (all of them when nil failure).
        let passing: Int
        let failure: KubeValueBudgetExceeded.Limit?
        let values: Int
        let bytes: Int
        var testDescription: String { name }
    }

    static let chargeCases: [ChargeCase] = [
        ChargeCase(
            name: "up to the value limit", maximumValues: 3, maximumBytes: 100,
            charges: [(1, 0), (1, 0), (1, 0)], passing: 3, failure: nil, values: 3, bytes: 0),
        ChargeCase(
            name: "one value past it", maximumValues: 3, maximumBytes: 100,
            charges: [(1, 0), (1, 0), (1, 0), (1, 0)], passing: 3, failure: .values, values: 3, bytes: 0),
        ChargeCase(
            name: "a subtree at once (an alias shared, not rebuilt)", maximumValues: 4, maximumBytes: 100,
            charges: [(1, 1), (5, 5)], passing: 1, failure: .values, values: 1, bytes: 1),
        ChargeCase(
            name: "up to the byte limit", maximumValues: 10, maximumBytes: 10,
            charges: [(1, 6), (1, 4)], passing: 2, failure: nil, values: 2, bytes: 10),
        ChargeCase(
            name: "one byte past it", maximumValues: 10, maximumBytes: 10,
            charges: [(1, 6), (1, 5)], passing: 1, failure: .bytes, values: 1, bytes: 6),
        ChargeCase(
            name: "values are checked before bytes", maximumValues: 1, maximumBytes: 1,
            charges: [(2, 2)], passing: 0, failure: .values, values: 0, bytes: 0),
        ChargeCase(
            name: "once spent, even an empty charge fails", maximumValues: 1, maximumBytes: 100,
            charges: [(2, 0), (0, 0)], passing: 0, failure: .values, values: 0, bytes: 0),
        ChargeCase(
            name: "a zero budget refuses the first value", maximumValues: 0, maximumBytes: 0,
            charges: [(1, 0)], passing: 0, failure: .values, values: 0, bytes: 0),
    ]

    @Test(arguments: chargeCases)
    func charges(_ c: ChargeCase) {
        var budget = KubeValueBudget(maximumValues: c.maximumValues, maximumBytes: c.maximumBytes)
        var passed = 0
        var failures: [KubeValueBudgetExceeded] = []
        for (values, bytes) in c.charges {
            do {
                try budget.charge(values: values, bytes: bytes)
                if failures.isEmpty { passed += 1 }
            } catch {
                failures.append(error)
            }
        }
        #expect(passed == c.passing)
        #expect(failures.first?.limit == c.failure)
        #expect(Set(failures).count <= 1, "every later charge fails with the first failure")
        #expect(budget.exceeded?.limit == c.failure)
        #expect(budget.values == c.values)
        #expect(budget.bytes == c.bytes)
        #expect(budget.values <= c.maximumValues && budget.bytes <= c.maximumBytes)
    }

    @Test func messagesSayTheLimitAndTheNextStep() {
        let values = KubeValueBudgetExceeded(limit: .values, maximum: 4_000_000).description
        #expect(values.contains("more than 4,000,000 values"))
        #expect(values.contains("alias"))
        #expect(values.contains("in smaller groups"))
        let mebibytes = KubeValueBudgetExceeded(limit: .bytes, maximum: 256 << 20).description
        #expect(mebibytes.contains("more than 256 MiB of text"))
        let bytes = KubeValueBudgetExceeded(limit: .bytes, maximum: 1000).description
        #expect(bytes.contains("more than 1,000 bytes of text"))
        #expect(KubeValueBudgetExceeded.grouped(999) == "999")
        #expect(KubeValueBudgetExceeded.grouped(1000) == "1,000")
        #expect(KubeValueBudgetExceeded.grouped(12_345_678) == "12,345,678")
    }

    // MARK: - Counting as values are built

    @Test func everyUseOfAnAliasIsChargedAgain() throws {
        var budget = KubeValueBudget()
        let set = KubeDocumentLoader.parse(text: "a: &a [1, 22, 333]\nb: *a\nc: *a\n", file: "t", budget: &budget)
        #expect(set.problems.isEmpty)
        // The mapping, three keys, and three times a list of three scalars.
        #expect(budget.values == 1 + 3 + 3 * 4)
        #expect(budget.bytes == 3 + 3 * 6)
    }

    @Test func jsonIsChargedToo() {
        var budget = KubeValueBudget()
        let text = #"{"kind": "Pod", "spec": [1, true, null]}"#
        _ = KubeDocumentLoader.parse(text: text, file: "t.json", budget: &budget)
        // The object, two member names, "Pod", the array and its three values.
        #expect(budget.values == 1 + 2 + 1 + 1 + 3)
        #expect(budget.bytes == "kind".count + "spec".count + "Pod".count + "1".count + "true".count + "null".count)
    }

    @Test func theKindGivenToListItemsIsCharged() {
        let text = "kind: SecretList\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n"
        var plain = KubeValueBudget()
        _ = KubeDocumentLoader.parse(
            text: text.replacingOccurrences(of: "SecretList", with: "Other"), file: "t",
            budget: &plain)
        var list = KubeValueBudget()
        let set = KubeDocumentLoader.parse(text: text, file: "t", budget: &list)
        #expect(set.documents.map(\.kind) == ["Secret", "Secret"])
        // "SecretList" is 5 bytes longer than "Other"; each item got a "kind" key and a "Secret" value.
        #expect(list.values == plain.values + 2 * 2)
        #expect(list.bytes == plain.bytes + 5 + 2 * ("kind".count + "Secret".count))
    }

    // MARK: - One budget for the run

    @Test func anAliasBombStopsWhileItExpands() {
        // 10^9 values: built, it would take tens of gigabytes. Stops when the budget is spent, never past it.
        var budget = KubeValueBudget(maximumValues: 200_000)
        let set = KubeDocumentLoader.parse(
            text: Self.aliasBomb(fanOut: 10, levels: 8), file: "bomb.yaml",
            budget: &budget)
        #expect(set.documents.isEmpty)
        #expect(budget.values == 200_000)
        let stopped = set.stopped
        #expect(stopped != nil)
        #expect(set.problems == [stopped].compactMap { $0 })
        #expect(stopped?.index == 1)
        #expect(stopped?.line == 1)  // where the document starts
        #expect(
            stopped?.description.hasPrefix(
                "bomb.yaml document 1, line 1: the manifests of this run expand to "
                    + "more than 200,000 values") == true)
    }

    @Test func documentsUnderThePerDocumentSizeStillAddUp() {
        // Each document is 1 + 4 keys + 1 + 3 + (1 + 10) + (1 + 10 * 11) = 131 values: the budget allows two.
        let document = Self.aliasBomb(fanOut: 10, levels: 1)
        let text = [document, document, document, "kind: [broken\n"].joined(separator: "---\n")
        var budget = KubeValueBudget(maximumValues: 300)
        let set = KubeDocumentLoader.parse(text: text, file: "many.yaml", budget: &budget)
        #expect(set.documents.count == 2)
        #expect(set.stopped?.index == 3)
        #expect(set.problems.count == 1, "the broken fourth document is never read")
        #expect(budget.values <= 300)
    }

    @Test func theBudgetSpansFilesAndStopsThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = Self.aliasBomb(fanOut: 10, levels: 1)
        for name in ["a.yaml", "b.yaml", "c.yaml"] {
            try Data(document.utf8).write(to: dir.appendingPathComponent(name))
        }
        var budget = KubeValueBudget(maximumValues: 300)
        let set = KubeDocumentLoader.load(
            paths: [dir.path, dir.appendingPathComponent("absent.yaml").path],
            budget: &budget)
        #expect(set.documents.count == 2)
        #expect(set.stopped?.file.hasSuffix("/c.yaml") == true)
        #expect(set.problems.count == 1, "the missing path after the stop is not looked at")

        // A second call of the same run (scan's --secret files) starts from what the first spent.
        var shared = KubeValueBudget(maximumValues: 300)
        let first = KubeDocumentLoader.load(paths: [dir.appendingPathComponent("a.yaml").path], budget: &shared)
        let second = KubeDocumentLoader.load(paths: [dir.appendingPathComponent("b.yaml").path], budget: &shared)
        let third = KubeDocumentLoader.load(paths: [dir.appendingPathComponent("c.yaml").path], budget: &shared)
        #expect(first.stopped == nil && second.stopped == nil)
        #expect(third.stopped != nil)
    }

    @Test func standardInputSharesTheBudget() {
        let document = Array(Self.aliasBomb(fanOut: 10, levels: 1).utf8)
        var budget = KubeValueBudget(maximumValues: 300)
        let file = KubeDocumentLoader.parse(
            bytes: document + Array("---\n".utf8) + document, file: "f.yaml",
            budget: &budget)
        let stdin = KubeDocumentLoader.parse(
            bytes: document, file: KubeDocumentLoader.standardInputName,
            budget: &budget)
        #expect(file.stopped == nil)
        #expect(stdin.stopped?.description.hasPrefix("<stdin> document 1") == true)
    }

    @Test func thousandsOfOrdinaryDocumentsPass() {
        var budget = KubeValueBudget()
        let set = KubeDocumentLoader.parse(text: Self.deployments(2_000), file: "deployments.yaml", budget: &budget)
        #expect(set.problems.isEmpty)
        #expect(set.stopped == nil)
        #expect(set.documents.count == 2_000)
        #expect(set.documents.last?.name == "app-1999")
        // Far from the limits: 2,000 Deployments (132,000 values) are about 3 % of the values and under 1 % of the
        // text allowed.
        #expect(budget.values < KubeValueBudget.defaultMaximumValues / 25)
        #expect(budget.bytes < KubeValueBudget.defaultMaximumBytes / 100)
    }
}
