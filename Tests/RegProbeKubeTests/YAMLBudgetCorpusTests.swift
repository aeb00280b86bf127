import Foundation
import Testing

@testable import RegProbeKube

/// The seeds and kept crashes of the `yamlbudget` fuzz target (testdata/fuzz/yamlbudget/ and
/// testdata/fuzz/regressions/yamlbudget/), replayed through the loader on each test run with the invariants of
/// Fuzz/Kube/YAMLBudgetFuzzer.swift (which needs no sanitizer to check them) and its budget.
struct YAMLBudgetCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/fuzz")

    static func inputs() -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        for dir in [root.appendingPathComponent("yamlbudget"), root.appendingPathComponent("regressions/yamlbudget")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() {
                if let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) {
                    result.append((name, Array(data)))
                }
            }
        }
        return result
    }

    static let maximumValues = 2_000
    static let maximumBytes = 64 << 10

    /// Every value (a member's key counts as one) and the bytes of the strings, as the driver counts them.
    static func count(_ value: KubeValue) -> (values: Int, bytes: Int) {
        switch value {
        case .null, .bool, .int, .double: return (1, 0)
        case .string(let s): return (1, s.utf8.count)
        case .array(let elements):
            return elements.map(count).reduce((1, 0)) { ($0.0 + $1.values, $0.1 + $1.bytes) }
        case .object(let members):
            return members.map { count($0.value) }.reduce((1, 0)) { ($0.0 + 1 + $1.values, $0.1 + $1.bytes) }
        }
    }

    @Test func seedsCoverTheStops() {
        let inputs = Self.inputs()
        #expect(inputs.count >= 10)
        var stopped: Set<KubeValueBudgetExceeded.Limit> = []
        for (_, bytes) in inputs {
            var budget = KubeValueBudget(maximumValues: Self.maximumValues, maximumBytes: Self.maximumBytes)
            _ = KubeDocumentLoader.parse(bytes: bytes, file: "f", budget: &budget)
            if let limit = budget.exceeded?.limit { stopped.insert(limit) }
        }
        #expect(stopped == [.values, .bytes], "seeds reach both limits")
    }

    @Test func invariants() {
        for (name, bytes) in Self.inputs() {
            var budget = KubeValueBudget(maximumValues: Self.maximumValues, maximumBytes: Self.maximumBytes)
            let set = KubeDocumentLoader.parse(bytes: bytes, file: "f", budget: &budget)
            #expect(budget.values <= Self.maximumValues && budget.bytes <= Self.maximumBytes, "\(name)")
            #expect((set.stopped != nil) == (budget.exceeded != nil), "\(name)")
            if let stopped = set.stopped {
                #expect(set.problems.last == stopped, "\(name)")
                #expect(stopped.message == budget.exceeded?.description, "\(name)")
            }
            let built = set.documents.map { Self.count($0.value) }
                .reduce((0, 0)) { ($0.0 + $1.values, $0.1 + $1.bytes) }
            #expect(built.0 <= budget.values, "\(name): \(built.0) values built, \(budget.values) charged")
            #expect(built.1 <= budget.bytes, "\(name): \(built.1) string bytes built, \(budget.bytes) charged")

            var again = KubeValueBudget(maximumValues: Self.maximumValues, maximumBytes: Self.maximumBytes)
            #expect(
                KubeDocumentLoader.parse(bytes: bytes, file: "f", budget: &again) == set && again == budget,
                "\(name)")

            guard set.stopped != nil else { continue }
            var larger = KubeValueBudget(maximumValues: 4 * Self.maximumValues, maximumBytes: 4 * Self.maximumBytes)
            let more = KubeDocumentLoader.parse(bytes: bytes, file: "f", budget: &larger)
            #expect(more.documents.starts(with: set.documents), "\(name)")
            #expect(more.problems.starts(with: set.problems.dropLast()), "\(name)")
        }
    }
}
