import Foundation
import Testing

/// kubectl's JSON-or-YAML rule (apimachinery's `YAMLOrJSONDecoder`, Kubernetes 1.33+) through the built binary:
/// one JSON document then YAML documents load; two JSON documents then `---` stop there. The pods use
/// `imagePullPolicy: Never`, so no registry is asked.
struct ManifestFormatTests {
    static func jsonPod(_ name: String) -> String {
        #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\#(name)"}, "#
            + #""spec": {"containers": [{"name": "c", "image": "127.0.0.1:9/app:1", "imagePullPolicy": "Never"}]}}"#
    }

    static func yamlPod(_ name: String) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name)}  # YAML, not JSON
        spec: {containers: [{name: c, image: "127.0.0.1:9/app:1", imagePullPolicy: Never}]}

        """
    }

    static func workloads(_ run: Run) -> [String] {
        run.results.compactMap { $0["workload"] as? String }
    }

    static func problems(_ run: Run) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
            return []
        }
        return object["problems"] as? [String] ?? []
    }

    @Test func oneJSONDocumentThenYAMLDocuments() throws {
        let stream = Self.jsonPod("first") + "\n---\n" + Self.yamlPod("second") + "---\n" + Self.yamlPod("third")
        let run = try RegProbeBinary.run(["scan", "-o", "json", "-"], stdin: stream)
        #expect(Self.workloads(run) == ["Pod/first", "Pod/second", "Pod/third"], "\(run.stdout)")
        #expect(Self.problems(run).isEmpty)
        #expect(run.exitCode == 0)  // ErrImageNeverPull is reported, not failed
    }

    @Test func twoJSONDocumentsThenYAMLStopAtTheSeparator() throws {
        let stream = Self.jsonPod("first") + "\n" + Self.jsonPod("second") + "\n---\n" + Self.yamlPod("third")
        let run = try RegProbeBinary.run(["scan", "-o", "json", "-"], stdin: stream)
        #expect(Self.workloads(run) == ["Pod/first", "Pod/second"], "\(run.stdout)")
        #expect(
            Self.problems(run) == [
                "<stdin> document 3, line 3: invalid JSON at column 2: invalid character in "
                    + "numeric literal; after 2 JSON values kubectl reads the input as a JSON stream, not YAML documents, "
                    + "so the rest of the input is not read"
            ])
        #expect(run.exitCode == 4)
    }

    @Test func yamlThatStartsWithABraceIsYAML() throws {
        let stream =
            "{\n  # a comment, and trailing commas: not JSON\n  kind: Pod, metadata: {name: braced,},\n"
            + "  spec: {containers: [{name: c, image: \"127.0.0.1:9/app:1\", imagePullPolicy: Never},]},\n}\n"
        let run = try RegProbeBinary.run(["scan", "-o", "json", "-"], stdin: stream)
        #expect(Self.workloads(run) == ["Pod/braced"], "\(run.stdout)")
        #expect(Self.problems(run).isEmpty)
    }
}
