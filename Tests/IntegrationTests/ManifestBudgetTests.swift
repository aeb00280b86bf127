import Foundation
import Testing

/// The run's budget for building manifests (`KubeValueBudget`), through the built binary: alias bombs spread over
/// many documents, files and standard input stop with exit 4 and a clear message, quickly and within a memory
/// limit, before any request; thousands of ordinary documents still load. The alias bombs need no registry.
struct ManifestBudgetTests {
    /// A ConfigMap whose `a5` expands to 9^6 strings: 672,616 values per document, under the old per-document
    /// cap of 1,000,000, so 50 of them (22 KB) used to build about 33 million values (2 GB) and exit 0.
    static func bombDocument(_ n: Int) -> String {
        var text = "kind: ConfigMap\nmetadata: {name: bomb-\(n)}\n"
        text += "a0: &a0 [" + Array(repeating: "xxxxxxxxxxxxxxxx", count: 9).joined(separator: ", ") + "]\n"
        for level in 1...5 {
            text +=
                "a\(level): &a\(level) ["
                + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        return text
    }

    static func bombStream(_ documents: Range<Int>) -> String {
        documents.map(bombDocument).joined(separator: "---\n")
    }

    /// A fresh directory with `files` (name → content).
    static func directory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-budget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, content) in files {
            try Data(content.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }

    /// Runs the binary with its data segment limited to 512 MiB (`ulimit -d`, which counts the heap): a run that
    /// built the whole expansion would fail to allocate and crash instead of exiting 4. Bounded in time too.
    static func runLimited(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try RegProbeBinary.run(
            ["-c", "ulimit -d 524288 && exec \"$0\" \"$@\"", RegProbeBinary.path] + arguments,
            stdin: stdin, timeout: 120, executable: "/bin/sh")
    }

    static let limitMessage = "expand to more than 4,000,000 values, regprobe's limit for one run"

    @Test func fiftyAliasBombDocumentsEndInExit4WithBoundedMemory() throws {
        let dir = try Self.directory(["bombs.yaml": Self.bombStream(0..<50)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bombs.yaml").path
        let run = try Self.runLimited(["scan", file])
        #expect(run.exitCode == 4, "\(run.stderr.prefix(2000))")
        // The sixth document (9 lines each) is the one that passes 4,000,000 values: nothing after it is read.
        #expect(
            run.stderr.contains(
                "regprobe: cannot read the manifests: \(file) document 6, line 46: "
                    + "the manifests of this run \(Self.limitMessage)"), "\(run.stderr.prefix(2000))")
        #expect(run.stderr.contains("Check the files in smaller groups"))
        #expect(run.stdout.isEmpty, "nothing is checked")
    }

    @Test func oneBudgetForEveryFileAndStandardInput() throws {
        // Four documents in two files and two on stdin: each input alone is far under the limit.
        let dir = try Self.directory(["a.yaml": Self.bombStream(0..<2), "b.yaml": Self.bombStream(2..<4)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.runLimited(["scan", "-o", "json", dir.path, "-"], stdin: Self.bombStream(4..<6))
        #expect(run.exitCode == 4, "\(run.stderr.prefix(2000))")
        #expect(
            run.stderr.contains("regprobe: cannot read the manifests: <stdin> document 2, line 10: "),
            "\(run.stderr.prefix(2000))")
        #expect(run.errorObject?["code"] as? String == "manifest-budget")
        #expect((run.errorObject?["message"] as? String)?.contains(Self.limitMessage) == true)
    }

    @Test func secretFilesShareTheBudget() throws {
        let dir = try Self.directory([
            "manifests.yaml": Self.bombStream(0..<5),
            "secret.yaml": Self.bombDocument(5),
            "bombs.yaml": Self.bombStream(0..<50),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifests = dir.appendingPathComponent("manifests.yaml").path
        let secret = dir.appendingPathComponent("secret.yaml").path
        let bombs = dir.appendingPathComponent("bombs.yaml").path

        // scan: the manifests spend most of it, the --secret file the rest.
        var run = try Self.runLimited(["scan", manifests, "--secret", secret])
        #expect(run.exitCode == 4, "\(run.stderr.prefix(2000))")
        #expect(
            run.stderr.contains("cannot read the manifests: \(secret) document 1, line 1: "),
            "\(run.stderr.prefix(2000))")

        // secret, and check --secret: the same budget, the same stop.
        run = try Self.runLimited(["secret", bombs])
        #expect(run.exitCode == 4, "\(run.stderr.prefix(2000))")
        #expect(run.stderr.contains("cannot read the manifests: \(bombs) document 6, line 46: "))
        run = try Self.runLimited(["check", "-o", "json", "--secret", bombs, "127.0.0.1:9/app:1"])
        #expect(run.exitCode == 4, "\(run.stderr.prefix(2000))")
        #expect(run.errorObject?["code"] as? String == "manifest-budget")
        #expect((run.errorObject?["message"] as? String)?.contains(Self.limitMessage) == true)
    }

    @Test(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
    func twoThousandDeploymentsStillLoad() throws {
        let lab = try #require(Lab.shared)
        let stream = (0..<2_000).map { i in
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app-\(i), namespace: team-\(i % 20), labels: {app: app-\(i)}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: app-\(i)}}
              template:
                metadata: {labels: {app: app-\(i)}}
                spec:
                  containers:
                  - name: app
                    image: \(lab.open)/public/hello:1.0
                    ports: [{containerPort: 8080}]
                    resources: {requests: {cpu: 100m, memory: 128Mi}}
                    env: [{name: MODE, value: production}]

            """
        }.joined(separator: "---\n")
        let run = try Self.runLimited(["scan", "-o", "json", "-"], stdin: stream)
        #expect(run.exitCode == 0, "\(run.stderr.prefix(2000))")
        #expect(run.results.count == 2_000)
        #expect(run.results.allSatisfy { $0["status"] as? String == "exists" })
    }
}
