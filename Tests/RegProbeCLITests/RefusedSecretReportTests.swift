import Foundation
import RegProbe
import RegProbeKube
import Testing

@testable import RegProbeCLI

/// §10: a Secret the API server refuses makes `kubectl apply` fail, so `regprobe scan` exits 4 and every report
/// (text, JSON, JUnit) says why, whether a pod references the Secret or not.
@Suite("refused secrets in scan reports")
struct RefusedSecretReportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let yaml: String
        /// The codes of ``PullSecret/refusals``, in order; empty when the API server accepts the Secret.
        let refusals: [String]
        var testDescription: String { refusals.joined(separator: ",").isEmpty ? "accepted" : refusals.joined() }
    }

    static let head = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns}\n"
    static let cases = [
        Case(
            yaml: head + "type: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: '{\"auths\": {}}'}\n",
            refusals: []),
        Case(
            yaml: head + "type: kubernetes.io/dockerconfigjson\nstringData: {.dockercfg: '{}'}\n",
            refusals: ["missing-key"]),
        Case(
            yaml: head + "type: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: 'e30=!'}\n",
            refusals: ["bad-data-base64"]),
        Case(
            yaml: head + "type: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: 'not json'}\n",
            refusals: ["not-json-object"]),
        Case(
            yaml: "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockercfg\nstringData: {.dockercfg: '[]'}\n",
            refusals: ["missing-name", "not-json-object"]),
        Case(yaml: head + "type: Opaque\nstringData: {.dockerconfigjson: 'not json'}\n", refusals: []),
    ]

    /// The first document of `yaml`, read as a pull secret.
    static func secret(yaml: String) -> PullSecret? {
        let set = KubeDocumentLoader.parse(text: yaml, file: "inline")
        return set.documents.first.flatMap { PullSecretParser.parse($0, defaultNamespace: "default") }
    }

    @Test(arguments: cases)
    func refusalsDecideTheExitCodeAndAreReported(_ c: Case) throws {
        let secret = try #require(Self.secret(yaml: c.yaml))
        #expect(secret.refusals.map(\.code.rawValue) == c.refusals)
        #expect(secret.refusals.allSatisfy { $0.effect == .apiServerRejects })
        let report = ScanReport(containers: [], problems: [], secretFindings: [], refusedSecrets: secret.refusals)
        #expect(report.exitCode == (c.refusals.isEmpty ? 0 : 4))

        let text = ScanTextReport.render(report, color: false)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(ScanJSONReport.render(report).utf8)) as? [String: Any])
        let listed = json["refusedSecrets"] as? [[String: String]]
        #expect(listed?.map { $0["code"] } == c.refusals)
        let junit = JUnitReport.render(report)
        if c.refusals.isEmpty {
            #expect(!text.contains("refused by the API server"))
            #expect(junit.contains("failures=\"0\""))
        } else {
            #expect(text.hasPrefix("refused by the API server (kubectl apply fails; the Secret never exists):\n"))
            for finding in secret.refusals {
                #expect(text.contains("  ✗ \(finding.description)\n"), "\(text)")
            }
            #expect(
                listed?.allSatisfy { $0["effect"] == "api-server-rejects" && $0["secret"] == secret.qualifiedName }
                    == true)
            #expect(junit.contains("failures=\"\(c.refusals.count)\""))
            #expect(junit.contains("<failure type=\"api-server-rejects\""))
        }
    }
}
