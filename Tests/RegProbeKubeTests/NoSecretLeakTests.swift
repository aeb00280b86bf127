import Foundation
import RegProbe
import Testing

@testable import RegProbeKube

/// No password, token or `auth` value ever appears in a finding, a description, a warning, a prediction or a
/// `dump`: every case below carries recognisable secrets (`LEAK…`), and every text the library produces about it
/// is searched for them.
@Suite("no secret in any output")
struct NoSecretLeakTests {
    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    /// Payloads covering every finding code, each holding LEAK markers in its secret fields.
    static let payloads: [(type: String, key: String, payload: String)] = {
        let auth = b64("leakuser:LEAK-pw-auth")
        let json = PullSecret.dockerConfigJSONType
        let cfg = PullSecret.dockercfgType
        return [
            (json, ".dockerconfigjson", "{\"auths\": {\"r.io\": {\"username\": \"u\", \"password\": \"LEAK-pw-1\"}}}"),
            (json, ".dockerconfigjson", "{\"auths\": {\"r.io\": {\"auth\": \"\(auth)\"}}}"),
            (json, ".dockerconfigjson", "{\"auths\": {\"r.io\": {\"auth\": \"LEAK!notbase64\"}}}"),
            (json, ".dockerconfigjson", "{\"auths\": {\"r.io\": {\"auth\": \"\(b64("LEAKnocolon"))\"}}}"),
            (
                json, ".dockerconfigjson",
                "{\"auths\": {\"r.io\": {\"username\": \"u\", \"password\": \"LEAK-pw-2\", \"auth\": \"\(auth)\"}}}"
            ),
            (
                json, ".dockerconfigjson",
                "{\"auths\": {\"r.io\": {\"username\": \"u\", \"identitytoken\": \"LEAK-tok-1\", \"registrytoken\": \"LEAK-tok-2\"}}}"
            ),
            (
                json, ".dockerconfigjson",
                "{\"auths\": {\"r.io\": {\"password\": 1234567, \"username\": \"LEAK\"}}}".replacingOccurrences(
                    of: "\"LEAK\"", with: "\"u\"")
            ),
            (json, ".dockerconfigjson", "{\"auths\": {\"r.io\": \"LEAK-pw-3\"}}"),
            (json, ".dockerconfigjson", "{\"auths\": \"LEAK-pw-4\"}"),
            (
                json, ".dockerconfigjson",
                "{\"auths\": {\"https://u:LEAK-pw-5@r.io/v2/\": {\"username\": \"u\", \"password\": \"LEAK-pw-6\"}}}"
            ),
            (json, ".dockerconfigjson", "{\"auths\": {\"r io\": {\"username\": \"u\", \"password\": \"LEAK-pw-7\"}}}"),
            (json, ".dockerconfigjson", "{\"auths\": {\"r.io\": {\"username\": \"\", \"password\": \"LEAK-pw-8\"}}}"),
            (
                json, ".dockerconfigjson",
                "{\"auths\": {\"r.io\": {\"password\": \"LEAK-pw-9\"}, \"r.io\": {\"password\": \"LEAK-pw-10\"}}}"
            ),
            (json, ".dockerconfigjson", "{\"r.io\": {\"username\": \"u\", \"password\": \"LEAK-pw-11\"}}"),
            (json, ".dockerconfigjson", "{\"auths\": {\"r.io\": {\"username\": \"u\", \"password\": \"LEAK-pw-12\"}}"),
            (json, ".dockerconfigjson", "[\"LEAK-pw-13\"]"),
            (
                json, ".dockerconfigjson",
                "{\"auths\": {}, \"HttpHeaders\": {\"Authorization\": 1, \"X-Token\": \"LEAK-tok-3\"}}"
            ),
            (
                json, ".dockerconfigjson",
                "{\"auths\": {\"registry-1.docker.io\": {\"username\": \"u\", \"password\": \"LEAK-pw-14\"}}}"
            ),
            (cfg, ".dockercfg", "{\"auths\": {\"r.io\": {\"username\": \"u\", \"password\": \"LEAK-pw-15\"}}}"),
            (cfg, ".dockercfg", "{\"r.io\": {\"auth\": \"\(auth)\"}}"),
            (
                "Opaque", ".dockerconfigjson",
                "{\"auths\": {\"r.io\": {\"username\": \"u\", \"password\": \"LEAK-pw-16\"}}}"
            ),
        ]
    }()

    /// Every text produced about a secret, its pod credentials and its predictions.
    static func texts(for secret: PullSecret) -> [String] {
        var out: [String] = [secret.description, String(describing: secret), String(reflecting: secret)]
        var dumped = ""
        dump(secret, to: &dumped)
        out.append(dumped)
        out += secret.findings.map(\.description) + secret.findings.map(\.message)
        out += secret.entries.map(\.description)
        out.append(secret.kubeletError ?? "")
        let credentials = PullSecretResolver(secrets: [secret]).credentials(
            namespace: secret.namespace,
            imagePullSecrets: [secret.name])
        out += credentials.warnings.map(\.description)
        out.append(credentials.keyringError ?? "")
        var dumpedKeyring = ""
        dump(credentials.keyring, to: &dumpedKeyring)
        out.append(dumpedKeyring)
        for image in ["r.io/a", "nginx", "r.io/a:1"] {
            let plan = PullPlan.make(
                container: TestSupport.container(
                    image: image, namespace: secret.namespace,
                    imagePullSecrets: [secret.name]),
                credentials: credentials)
            out += plan.notes.map(\.description)
            if case .check(_, let candidates) = plan.action {
                out += candidates.map(\.description) + candidates.map { String(reflecting: $0) }
                let failed = PullPlan.outcome(
                    of: candidates.map { PullAttempt(candidate: $0, status: .unauthorized, message: "401") })
                let pulled = PullPlan.outcome(
                    of: candidates.prefix(1).map { PullAttempt(candidate: $0, status: .exists, message: "ok") })
                out += [failed.description, pulled.description]
            } else {
                out.append(plan.knownPrediction?.description ?? "")
            }
        }
        return out
    }

    static let markers = ["LEAK", b64("leakuser:LEAK-pw-auth"), b64("LEAKnocolon")]

    @Test(arguments: payloads.indices)
    func stringDataSecrets(_ index: Int) throws {
        let (type, key, payload) = Self.payloads[index]
        let secret = try #require(
            PullSecretParser.parse(
                TestSupport.secretValue(name: "s", namespace: "ns", type: type, key: key, payload: payload),
                defaultNamespace: "d"))
        let leaked = Self.texts(for: secret).contains { text in Self.markers.contains { text.contains($0) } }
        #expect(!leaked, "a secret leaked (case \(index))")
    }

    @Test(arguments: payloads.indices)
    func base64DataSecrets(_ index: Int) throws {
        let (type, key, payload) = Self.payloads[index]
        let yaml =
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ns}\ntype: \(type)\ndata:\n  \(key): \(Self.b64(payload))\n"
        let secret = try #require(TestSupport.secret(yaml: yaml))
        let encoded = Self.b64(payload)
        let leaked = Self.texts(for: secret).contains { text in
            (Self.markers + [encoded]).contains { text.contains($0) }
        }
        #expect(!leaked, "a secret leaked (case \(index))")
    }

    @Test func badBase64DataIsNotQuoted() throws {
        let yaml =
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: LEAK*LEAK\n"
        let secret = try #require(TestSupport.secret(yaml: yaml))
        let leaked = Self.texts(for: secret).contains { $0.contains("LEAK") }
        #expect(!leaked)
    }

    @Test func validationTableAndVectorsNeverShowTheirPasswords() throws {
        for c in SecretValidationTests.cases {
            let secret = try #require(TestSupport.secret(yaml: c.yaml))
            let leaked = Self.texts(for: secret).contains { $0.contains("s3cret") }
            #expect(!leaked, "a password leaked in \(c.name)")
        }
    }
}
