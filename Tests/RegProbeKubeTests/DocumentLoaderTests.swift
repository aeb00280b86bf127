import Foundation
import Testing

@testable import RegProbeKube

/// Reading manifests: multi-document streams, Helm output, Lists, JSON, directories, problems.
@Suite("document loading")
struct DocumentLoaderTests {
    @Test func helmRenderedStream() {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("helm-rendered.yaml"))
        #expect(set.problems.isEmpty, "\(set.problems)")
        #expect(
            set.documents.map { $0.kind ?? "" } == [
                "ServiceAccount", "Secret", "ConfigMap", "Service", "Deployment", "DaemonSet", "Job",
            ])
        #expect(set.documents.map(\.origin.index) == Array(1...7))
        #expect(
            set.documents.map { $0.origin.helmSource ?? "" } == [
                "shop/templates/serviceaccount.yaml", "shop/templates/pull-secret.yaml",
                "shop/templates/configmap.yaml",
                "shop/templates/service.yaml", "shop/templates/deployment.yaml", "shop/templates/daemonset.yaml",
                "shop/templates/job.yaml",
            ])
        #expect(set.documents.first?.origin.line == 3)
        // Quoted "on" stays a string.
        #expect(set.documents[2].value[path: "data", "FEATURE_X"] == .string("on"))
        #expect(set.documents[4].origin.description.hasSuffix("document 5 (line 44) [shop/templates/deployment.yaml]"))
    }

    @Test func brokenDocumentDoesNotTakeTheOthersWithIt() {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("broken.yaml"))
        #expect(set.documents.compactMap(\.name) == ["first", "third"])
        #expect(set.documents.map(\.origin.index) == [1, 3])
        #expect(set.problems.map(\.index) == [2, 4])
        #expect(set.problems.first?.line == 18)
        #expect(set.problems.last?.message.contains("a list, not a Kubernetes object") == true)
        #expect(
            set.problems.first?.description.hasPrefix(TestSupport.k8s("broken.yaml") + " document 2, line 18: ") == true
        )
    }

    @Test func listIsFlattened() {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("list.yaml"))
        #expect(set.documents.map { $0.kind ?? "" } == ["StatefulSet", "Secret", "Service"])
        #expect(set.documents.map(\.origin.listItem) == [1, 2, 3])
        #expect(set.documents.allSatisfy { $0.origin.index == 1 })
    }

    @Test func jsonStreamInput() {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("workloads.json"))
        #expect(set.problems.isEmpty)
        #expect(set.documents.map { $0.kind ?? "" } == ["ReplicaSet", "ReplicationController", "Secret"])
        #expect(set.documents.map(\.origin.index) == [1, 1, 2])
        #expect(set.documents.last?.origin.line == 26)
    }

    @Test func directoriesAreWalkedRecursivelyInSortedOrder() {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("dir"))
        #expect(set.problems.isEmpty)
        #expect(set.documents.compactMap(\.name) == ["a", "b", "c"])
        #expect(
            set.documents.map { $0.origin.file.split(separator: "/").last.map(String.init) ?? "" } == [
                "a.yaml", "b.yml", "c.json",
            ])
    }

    @Test func missingPathIsAProblem() {
        let set = KubeDocumentLoader.load(paths: [TestSupport.k8s("nope.yaml"), TestSupport.k8s("cronjob.yaml")])
        #expect(set.problems.count == 1)
        #expect(set.problems.first?.message == "no such file or directory")
        #expect(set.documents.count == 1)
    }

    /// Pull-secret files are credentials files: regular files of at most 4 MiB only, FIFOs never waited on.
    @Test func secretFilesAreReadAsCredentialsFiles() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("regprobe-secretfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.path + "/secret.yaml", 0o600) == 0)
        let big = dir.path + "/big.yaml"
        _ = FileManager.default.createFile(atPath: big, contents: Data(repeating: 0x0A, count: (4 << 20) + 1))
        let started = ContinuousClock.now
        let regularOnly = ": credentials are read from regular files only"
        let cases: [(String, String)] = [
            (dir.path + "/secret.yaml", "not a regular file but a named pipe (FIFO)" + regularOnly),
            ("/dev/zero", "not a regular file but a character device" + regularOnly),
            (big, "the file is 4194305 bytes, over the 4 MiB limit for a credentials file"),
        ]
        for (path, message) in cases {
            let set = KubeDocumentLoader.load(paths: [path], credentials: true)
            #expect(set.documents.isEmpty)
            #expect(set.problems.map(\.message) == [message], "\(path)")
        }
        // A directory of secrets: each file under the same rules (the FIFO is refused, not waited on).
        let walked = KubeDocumentLoader.load(path: dir.path, credentials: true)
        #expect(walked.problems.map(\.message).contains(cases[0].1))
        #expect(ContinuousClock.now - started < .seconds(10))
        // A regular secret file still loads.
        let good = KubeDocumentLoader.load(paths: [TestSupport.k8s("helm-rendered.yaml")], credentials: true)
        #expect(good.problems.isEmpty && good.documents.count == 7)
    }

    @Test func standardInput() {
        let set = KubeDocumentLoader.parse(bytes: Array("kind: Pod\nmetadata: {name: x}\n".utf8), file: "-")
        #expect(set.documents.first?.origin.description == "<stdin> document 1 (line 1)")
    }

    @Test func yamlScalarTypesFollowKubectl() throws {
        let text = """
            kind: Test
            a: yes
            b: "yes"
            c: 0x1F
            d: 1_000
            e: 1.5
            f: ~
            g:
            h: 2026-01-01
            i: !!str 12
            j: 012
            on: off
            k: .inf
            l: 'null'
            """
        let value = try #require(KubeDocumentLoader.parse(text: text, file: "t").documents.first?.value)
        #expect(value["a"] == .bool(true))
        #expect(value["b"] == .string("yes"))
        #expect(value["c"] == .int(31))
        #expect(value["d"] == .int(1000))
        #expect(value["e"] == .double(1.5))
        #expect(value["f"] == .null)
        #expect(value["g"] == .null)
        #expect(value["h"] == .string("2026-01-01"))
        #expect(value["i"] == .string("12"))
        #expect(value["j"] == .int(10))
        #expect(value["true"] == .bool(false))  // sigs.k8s.io/yaml turns the key `on` into "true"
        #expect(value["k"] == .double(.infinity))
        #expect(value["l"] == .string("null"))
    }

    @Test func mergeKeysAndAliases() throws {
        let text = """
            kind: Test
            base: &base {image: nginx, imagePullPolicy: Always}
            c1:
              <<: *base
              name: one
              imagePullPolicy: Never
            c2:
              <<: [*base, {name: two, extra: x}]
            """
        let value = try #require(KubeDocumentLoader.parse(text: text, file: "t").documents.first?.value)
        #expect(value[path: "c1", "imagePullPolicy"] == .string("Never"))
        #expect(value[path: "c1", "image"] == .string("nginx"))
        #expect(value[path: "c2", "name"] == .string("two"))
        #expect(value[path: "c2", "image"] == .string("nginx"))
    }

    @Test func aliasBombIsAProblem() {
        var text = "kind: Test\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...8 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let set = KubeDocumentLoader.parse(text: text, file: "bomb")
        #expect(set.documents.isEmpty)
        #expect(set.problems.first?.message.contains("more than 4,000,000 values") == true)
        #expect(set.stopped == set.problems.first)
    }

    @Test func duplicateKeysAreAProblem() {
        let set = KubeDocumentLoader.parse(text: "kind: Pod\nmetadata: {name: a}\nkind: Secret\n", file: "dup")
        #expect(set.documents.isEmpty)
        #expect(set.problems.first?.message.contains("duplicate mapping key \"kind\"") == true)
    }

    @Test func jsonDuplicateKeysLastWins() {
        let set = KubeDocumentLoader.parse(text: "{\"kind\": \"Pod\", \"kind\": \"Secret\"}", file: "dup.json")
        #expect(set.documents.first?.kind == "Secret")
    }

    @Test func separatorsCommentsDirectivesAndLineEndings() {
        let text =
            "%YAML 1.1\n---\nkind: A\r\n--- # comment\r\nkind: B\n--- {kind: C}\n----\n...\n---\n~\n---\n# only a comment\n"
        let set = KubeDocumentLoader.parse(text: text, file: "s")
        #expect(set.documents.compactMap(\.kind) == ["A", "B", "C"])
        #expect(set.problems.count == 1)  // "----" is content, not a separator: a YAML error in document 3
        #expect(set.documents.map(\.origin.line) == [3, 5, 6])
    }

    @Test func invalidUTF8IsAProblem() {
        let set = KubeDocumentLoader.parse(bytes: Array("kind: Pod\nname: ".utf8) + [0xFF, 0x0A], file: "bin")
        #expect(set.documents.isEmpty)
        #expect(set.problems.first?.message == "not valid UTF-8 text")
        #expect(set.problems.first?.line == 2)
    }

    @Test func problemsNeverQuoteTheInput() {
        let text =
            "kind: Secret\nstringData:\n  .dockerconfigjson: {\"auths\": {\"r.io\": {\"password\": \"LEAK-s3cret\"}}}]\n"
        let set = KubeDocumentLoader.parse(text: text, file: "leak")
        #expect(!set.problems.isEmpty)
        #expect(set.problems.allSatisfy { !$0.description.contains("LEAK") && !$0.description.contains("s3cret") })
    }

    @Test func nonMappingDocuments() {
        let set = KubeDocumentLoader.parse(text: "just a string\n---\n- a\n---\n42\n", file: "x")
        #expect(set.documents.isEmpty)
        #expect(set.problems.count == 3)
    }
}
