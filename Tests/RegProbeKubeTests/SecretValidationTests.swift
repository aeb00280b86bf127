import Foundation
import RegProbe
import Testing

@testable import RegProbeKube

/// Pull-secret parsing and validation (§10, R4.3, R4.4, R5.1–R5.5, R6.1): every finding code, with its effect.
@Suite("pull secret validation")
struct SecretValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        /// The exact set of finding codes.
        let codes: Set<String>
        var rejected = false
        var ignored = false
        var breaks = false
        /// Usernames of the entries kubelet adds (``PullSecret/keyringEntries``), in order.
        var users: [String] = []
        /// Usernames of the payload's entries when they differ from ``users`` (ignored secrets).
        var payloadUsers: [String]?
        /// kubelet's error text (exact).
        var kubeletError: String?
        /// Text one finding's message contains (e.g. Go's error).
        var message: String?
        /// Text no finding may show (a number under a credential field).
        var hidden: String?
        var testDescription: String { name }
    }

    static func b64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    /// A Secret with `stringData[key] = payload` as a literal block.
    static func secret(
        type: String? = "kubernetes.io/dockerconfigjson", key: String = ".dockerconfigjson",
        _ payload: String
    ) -> String {
        var y = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: ns\n"
        if let type { y += "type: \(type)\n" }
        y += "stringData:\n  \(key): |\n"
        y += payload.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
            separator: "\n")
        return y + "\n"
    }

    static func auths(_ body: String) -> String { "{\"auths\": {\(body)}}" }

    static let cases: [Case] = [
        Case(
            name: "good, data base64",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
                + b64(auths("\"r.io\": {\"username\": \"alice\", \"password\": \"pw-alice-s3cret\"}")) + "\n",
            codes: [], users: ["alice"]),
        Case(
            name: "good, stringData", yaml: secret(auths("\"r.io\": {\"auth\": \"\(b64("bob:pw-bob-s3cret"))\"}")),
            codes: [], users: ["bob"]),
        Case(
            name: "stringData over data",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: "
                + b64(auths("\"r.io\": {\"username\": \"old\", \"password\": \"x\"}"))
                + "\nstringData:\n  .dockerconfigjson: '"
                + auths("\"r.io\": {\"username\": \"new\", \"password\": \"y\"}") + "'\n",
            codes: ["stringdata-overrides-data"], users: ["new"]),
        Case(
            name: "kubectl create secret docker-registry (auth equals the fields)",
            yaml: secret(
                auths(
                    "\"https://index.docker.io/v1/\": {\"username\": \"u\", \"password\": \"pw-u-s3cret\", "
                        + "\"email\": \"u@example.com\", \"auth\": \"\(b64("u:pw-u-s3cret"))\"}")),
            codes: [], users: ["u"]),
        Case(
            name: "Opaque with .dockerconfigjson",
            yaml: secret(type: "Opaque", auths("\"r.io\": {\"username\": \"a\", \"password\": \"b\"}")),
            codes: ["wrong-type"], ignored: true, payloadUsers: ["a"]),
        Case(
            name: "no type", yaml: secret(type: nil, auths("\"r.io\": {\"username\": \"a\", \"password\": \"b\"}")),
            codes: ["wrong-type"], ignored: true, payloadUsers: ["a"]),
        Case(
            name: "service-account-token type",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/service-account-token\nstringData: {token: abc}\n",
            codes: ["wrong-type"], ignored: true),
        Case(
            name: "dockercfg, flat",
            yaml: secret(
                type: "kubernetes.io/dockercfg", key: ".dockercfg",
                "{\"r.io\": {\"auth\": \"\(b64("cfg:pw-cfg-s3cret"))\", \"email\": \"e@x\"}}"),
            codes: [], users: ["cfg"]),
        Case(
            name: "dockercfg holding config.json",
            yaml: secret(
                type: "kubernetes.io/dockercfg", key: ".dockercfg",
                auths("\"r.io\": {\"auth\": \"\(b64("a:pw-a-s3cret"))\"}")),
            codes: ["auths-in-dockercfg", "no-credentials"], ignored: true, users: [""]),
        Case(
            name: "dockerconfigjson type, .dockercfg key", yaml: secret(key: ".dockercfg", "{\"r.io\": {}}"),
            codes: ["missing-key"], rejected: true),
        Case(
            name: "dockercfg type, .dockerconfigjson key",
            yaml: secret(type: "kubernetes.io/dockercfg", auths("\"r.io\": {}")),
            codes: ["missing-key"], rejected: true),
        Case(
            name: "data not base64",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: not*base64\n",
            codes: ["bad-data-base64"], rejected: true),
        Case(
            name: "data unpadded base64 (StdEncoding needs padding)",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: e30\n",
            codes: ["bad-data-base64"], rejected: true),
        Case(
            name: "data value is a number",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: 1234\n",
            codes: ["bad-secret-data", "missing-key"], rejected: true),
        Case(
            name: "stringData value is a YAML boolean (yes)",
            yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\nstringData:\n  enabled: yes\n",
            codes: ["bad-secret-data", "wrong-type"], rejected: true, ignored: true),
        Case(
            name: "data is a list",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata: [a, b]\n",
            codes: ["bad-secret-data", "missing-key"], rejected: true),
        Case(
            name: "missing name", yaml: secret(auths("")).replacingOccurrences(of: "  name: s\n", with: ""),
            codes: ["missing-name", "no-auths"], rejected: true, ignored: true),
        Case(name: "not JSON", yaml: secret("{\"auths\": "), codes: ["not-json-object"], rejected: true),
        Case(name: "JSON array", yaml: secret("[{\"auths\": {}}]"), codes: ["not-json-object"], rejected: true),
        Case(name: "JSON string", yaml: secret("\"auths\""), codes: ["not-json-object"], rejected: true),
        Case(
            name: "empty payload",
            yaml:
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: \"\"\n",
            codes: ["not-json-object"], rejected: true),
        Case(
            name: "byte order mark (Go's JSON refuses it)",
            // (a JSON manifest: libyaml, like go-yaml, drops U+FEFF from YAML scalars)
            yaml: "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"s\"}, "
                + "\"type\": \"kubernetes.io/dockerconfigjson\", \"stringData\": {\".dockerconfigjson\": \"\\ufeff{}\"}}",
            codes: ["not-json-object"], rejected: true),
        Case(
            name: "a number beyond float64 (the API server's interface{} decoding refuses it)",
            yaml: secret("{\"auths\": {\"r.io\": {\"username\": \"a\", \"password\": \"b\"}}, \"x\": 1e400}"),
            codes: ["number-out-of-range"], rejected: true,
            message: "at \"x\"; the API server refuses the Secret: "
                + "json: cannot unmarshal number 1e400 into Go value of type float64"),
        Case(
            name: "a 400-digit integer",
            yaml: secret(
                "{\"auths\": {\"r.io\": {\"username\": \"a\", \"password\": \"b\", \"n\": "
                    + String(repeating: "9", count: 400) + "}}}"),
            codes: ["number-out-of-range"], rejected: true,
            message: "at \"auths\" → \"r.io\" → \"n\"; the API server refuses the Secret: "
                + "json: cannot unmarshal number " + String(repeating: "9", count: 400)
                + " into Go value of type float64"),
        Case(
            name: "the first number beyond float64 in document order, inside an array",
            yaml: secret(
                "{\"x\": [1, 1.7976931348623157e308, -1e400, 2e400], "
                    + "\"auths\": {\"r.io\": {\"username\": \"a\", \"password\": \"b\"}}}"),
            codes: ["number-out-of-range"], rejected: true,
            message: "json: cannot unmarshal number -1e400 into Go value of type float64", hidden: "2e400"),
        Case(
            name: "1e-400 underflows to zero, which is no error",
            yaml: secret("{\"auths\": {\"r.io\": {\"username\": \"a\", \"password\": \"b\"}}, \"x\": 1e-400}"),
            codes: [], users: ["a"]),
        Case(
            name: "the largest float64 (and what rounds to it) fits",
            yaml: secret(
                "{\"auths\": {\"r.io\": {\"username\": \"a\", \"password\": \"b\"}}, "
                    + "\"x\": [1.7976931348623157e308, -1.7976931348623158e308]}"),
            codes: [], users: ["a"]),
        Case(
            name: "just beyond the largest float64",
            yaml: secret(
                "{\"auths\": {\"r.io\": {\"username\": \"a\", \"password\": \"b\"}}, "
                    + "\"x\": 1.7976931348623159e308}"),
            codes: ["number-out-of-range"], rejected: true,
            message: "json: cannot unmarshal number 1.7976931348623159e308 into Go value of type float64"),
        Case(
            name: "a password that is a number beyond float64 is not shown",
            yaml: secret(auths("\"r.io\": {\"username\": \"a\", \"password\": 31415926e999}")),
            codes: ["number-out-of-range", "bad-field-type"], rejected: true,
            kubeletError: "json: cannot unmarshal number into Go struct field "
                + "dockerConfigEntryWithAuth.password of type string",
            message: "json: cannot unmarshal number <redacted> into Go value of type float64", hidden: "31415926"),
        Case(
            name: "dockercfg with a number beyond float64",
            yaml: secret(
                type: "kubernetes.io/dockercfg", key: ".dockercfg",
                "{\"r.io\": {\"auth\": \"\(b64("cfg:pw-cfg-s3cret"))\"}, \"n\": 1E400}"),
            codes: ["number-out-of-range", "bad-field-type"], rejected: true,
            kubeletError: "json: cannot unmarshal number into Go value of type "
                + "credentialprovider.dockerConfigEntryWithAuth",
            message: "json: cannot unmarshal number 1E400 into Go value of type float64"),
        Case(name: "JSON null", yaml: secret("null"), codes: ["no-auths"], ignored: true),
        Case(name: "empty object", yaml: secret("{}"), codes: ["no-auths"], ignored: true),
        Case(name: "auths null", yaml: secret("{\"auths\": null}"), codes: ["no-auths"], ignored: true),
        Case(name: "auths empty", yaml: secret("{\"auths\": {}}"), codes: ["no-auths"], ignored: true),
        Case(
            name: "auths then null (null empties the map)",
            yaml: secret("{\"auths\": {\"r.io\": {\"username\": \"a\", \"password\": \"b\"}}, \"auths\": null}"),
            codes: ["no-auths"], ignored: true),
        Case(
            name: "a bad entry fails decoding even if a later auths null drops it",
            yaml: secret("{\"auths\": {\"r.io\": {\"auth\": \"!!\"}}, \"auths\": null}"),
            codes: ["bad-auth-base64"], breaks: true, kubeletError: "illegal base64 data at input byte 0"),
        Case(
            name: "auths twice merge",
            yaml: secret(
                "{\"auths\": {\"a.io\": {\"username\": \"a\", \"password\": \"b\"}}, \"auths\": {\"b.io\": {\"username\": \"c\", \"password\": \"d\"}}}"
            ),
            codes: [], users: ["a", "c"]),
        Case(
            name: "flat in dockerconfigjson", yaml: secret("{\"r.io\": {\"username\": \"a\", \"password\": \"b\"}}"),
            codes: ["flat-in-dockerconfigjson"], ignored: true),
        Case(
            name: "case-insensitive field names",
            yaml: secret("{\"AUTHS\": {\"r.io\": {\"UserName\": \"a\", \"PASSWORD\": \"pw-a-s3cret\"}}}"),
            codes: [], users: ["a"]),
        Case(
            name: "long s folds to s (Go's EqualFold)",
            yaml: secret(auths("\"r.io\": {\"u\u{017F}ername\": \"a\", \"password\": \"pw-a-s3cret\"}")),
            codes: [], users: ["a"]),
        Case(
            name: "last duplicate field wins",
            yaml: secret(auths("\"r.io\": {\"username\": \"a\", \"username\": \"b\", \"password\": \"p\"}")),
            codes: [], users: ["b"]),
        Case(
            name: "null leaves a field as it was",
            yaml: secret(auths("\"r.io\": {\"username\": \"a\", \"username\": null, \"password\": \"p\"}")),
            codes: [], users: ["a"]),
        Case(
            name: "duplicate key, last wins",
            yaml: secret(
                auths(
                    "\"r.io\": {\"username\": \"A\", \"password\": \"x\"}, \"r.io\": {\"username\": \"B\", \"password\": \"y\"}"
                )),
            codes: ["duplicate-key"], users: ["B"]),
        Case(
            name: "auth unpadded", yaml: secret(auths("\"r.io\": {\"auth\": \"Zm9vOmJhcg\"}")), codes: [],
            users: ["foo"]),
        Case(
            name: "auth with newlines", yaml: secret(auths("\"r.io\": {\"auth\": \"Zm9vOm\\nJhcg==\"}")), codes: [],
            users: ["foo"]),
        Case(
            name: "auth not base64", yaml: secret(auths("\"r\": {\"auth\": \"pants\"}")),
            codes: ["bad-auth-base64"], breaks: true, kubeletError: "illegal base64 data at input byte 4"),
        Case(
            name: "auth wrongly padded", yaml: secret(auths("\"r.io\": {\"auth\": \"Zm9vOmJhcg=\"}")),
            codes: ["bad-auth-base64"], breaks: true, kubeletError: "illegal base64 data at input byte 11"),
        Case(
            name: "auth padded with trailing space", yaml: secret(auths("\"r.io\": {\"auth\": \"Zm9vOmJhcg== \"}")),
            codes: ["bad-auth-base64"], breaks: true, kubeletError: "illegal base64 data at input byte 12"),
        Case(
            name: "auth with a space inside", yaml: secret(auths("\"r.io\": {\"auth\": \"Zm9v OmJhcg==\"}")),
            codes: ["bad-auth-base64"], breaks: true, kubeletError: "illegal base64 data at input byte 4"),
        Case(
            name: "auth without colon", yaml: secret(auths("\"r.io\": {\"auth\": \"cGFudHM=\"}")),
            codes: ["auth-no-colon"], breaks: true,
            kubeletError: "unable to parse auth field, must be formatted as base64(username:password)"),
        Case(
            name: "auth splits at the first colon", yaml: secret(auths("\"r.io\": {\"auth\": \"\(b64("u:p:w"))\"}")),
            codes: [], users: ["u"]),
        Case(
            name: "auth with empty username", yaml: secret(auths("\"r.io\": {\"auth\": \"\(b64(":pw-x-s3cret"))\"}")),
            codes: ["empty-username"], users: [""]),
        Case(
            name: "empty username field",
            yaml: secret(auths("\"r.io\": {\"username\": \"\", \"password\": \"pw-x-s3cret\"}")),
            codes: ["empty-username"], users: [""]),
        Case(
            name: "auth overrides different fields",
            yaml: secret(auths("\"r.io\": {\"username\": \"u\", \"password\": \"p\", \"auth\": \"cGluZzpwb25n\"}")),
            codes: ["auth-overrides-fields"], users: ["ping"]),
        Case(
            name: "email is a boolean",
            yaml: secret(auths("\"r.io\": {\"username\": \"a\", \"password\": \"b\", \"email\": false}")),
            codes: ["bad-field-type"], breaks: true,
            kubeletError:
                "json: cannot unmarshal bool into Go struct field dockerConfigEntryWithAuth.email of type string"),
        Case(
            name: "password is a number", yaml: secret(auths("\"r.io\": {\"username\": \"a\", \"password\": 12345}")),
            codes: ["bad-field-type"], breaks: true,
            kubeletError:
                "json: cannot unmarshal number into Go struct field dockerConfigEntryWithAuth.password of type string"),
        Case(
            name: "auths is a string", yaml: secret("{\"auths\": \"r.io\"}"), codes: ["bad-field-type"], breaks: true,
            kubeletError:
                "json: cannot unmarshal string into Go struct field DockerConfigJSON.auths of type credentialprovider.DockerConfig"
        ),
        Case(
            name: "entry is a string", yaml: secret(auths("\"r.io\": \"alice:pw\"")), codes: ["bad-field-type"],
            breaks: true,
            kubeletError:
                "json: cannot unmarshal string into Go value of type credentialprovider.dockerConfigEntryWithAuth"),
        Case(
            name: "HttpHeaders not a string map", yaml: secret("{\"auths\": {}, \"HttpHeaders\": {\"X-A\": 1}}"),
            codes: ["bad-field-type"], breaks: true,
            kubeletError:
                "json: cannot unmarshal number into Go struct field DockerConfigJSON.HttpHeaders of type string"),
        Case(
            name: "an entry error wins over an earlier top-level type error",
            yaml: secret("{\"HttpHeaders\": 5, \"auths\": {\"r.io\": {\"auth\": \"!!\"}}}"),
            codes: ["bad-field-type", "bad-auth-base64"], breaks: true,
            kubeletError: "illegal base64 data at input byte 0"),
        Case(name: "entry null", yaml: secret(auths("\"r.io\": null")), codes: ["no-credentials"], users: [""]),
        Case(name: "entry empty", yaml: secret(auths("\"r.io\": {}")), codes: ["no-credentials"], users: [""]),
        Case(
            name: "identitytoken only",
            yaml: secret(auths("\"x.azurecr.io\": {\"identitytoken\": \"t0ken-s3cret\"}")),
            codes: ["identitytoken-dropped", "no-credentials"], users: [""]),
        Case(
            name: "identitytoken with a username",
            yaml: secret(
                auths(
                    "\"x.azurecr.io\": {\"username\": \"00000000-0000-0000-0000-000000000000\", \"identitytoken\": \"t0ken-s3cret\"}"
                )),
            codes: ["identitytoken-dropped"], users: ["00000000-0000-0000-0000-000000000000"]),
        Case(
            name: "registrytoken",
            yaml: secret(
                auths("\"r.io\": {\"username\": \"a\", \"password\": \"b\", \"registrytoken\": \"rt-s3cret\"}")),
            codes: ["registrytoken-dropped"], users: ["a"]),
        Case(
            name: "key with a space is skipped",
            yaml: secret(
                auths(
                    "\"reg io\": {\"username\": \"a\", \"password\": \"b\"}, \"r.io\": {\"username\": \"c\", \"password\": \"d\"}"
                )),
            codes: ["invalid-key"], users: ["a", "c"]),
        Case(
            name: "key with a non-numeric port is skipped",
            yaml: secret(auths("\"r.io:abc\": {\"username\": \"a\", \"password\": \"b\"}")),
            codes: ["invalid-key"], users: ["a"]),
        Case(
            name: "registry-1.docker.io key",
            yaml: secret(auths("\"registry-1.docker.io\": {\"username\": \"a\", \"password\": \"b\"}")),
            codes: ["hub-key-never-matches"], users: ["a"]),
        Case(
            name: "index.docker.io with a path",
            yaml: secret(auths("\"https://index.docker.io/v1/myorg\": {\"username\": \"a\", \"password\": \"b\"}")),
            codes: ["hub-key-never-matches"], users: ["a"]),
    ]

    @Test func everyCodeIsCovered() {
        let covered = Set(Self.cases.flatMap(\.codes))
        let all = Set(SecretFinding.Code.allCases.map(\.rawValue))
        #expect(all.subtracting(covered).isEmpty, "uncovered: \(all.subtracting(covered).sorted())")
        #expect(Self.cases.count >= 25)
    }

    @Test(arguments: cases)
    func validate(_ c: Case) throws {
        let secret = try #require(TestSupport.secret(yaml: c.yaml))
        #expect(Set(secret.findings.map(\.code.rawValue)) == c.codes, "\(secret.findings)")
        #expect(secret.isRejectedByAPIServer == c.rejected)
        #expect(secret.refusals.isEmpty == !c.rejected, "the refusals are the api-server-rejects findings")
        #expect(secret.isIgnoredByKubelet == c.ignored)
        #expect(secret.breaksEveryPull == c.breaks)
        #expect(secret.kubeletError == c.kubeletError)
        if let message = c.message {
            #expect(secret.findings.contains { $0.message.contains(message) }, "\(secret.findings)")
        }
        if let hidden = c.hidden {
            #expect(!secret.findings.contains { $0.description.contains(hidden) }, "\(c.hidden ?? "") is not shown")
        }
        if !c.rejected && !c.breaks {
            if c.ignored && c.payloadUsers == nil && c.users.isEmpty {
                #expect(secret.keyringEntries.isEmpty)
            } else if c.ignored && !secret.isUsedByKubelet {
                #expect(secret.keyringEntries.isEmpty)
                #expect(secret.entries.map(\.credential.username) == (c.payloadUsers ?? []))
            } else {
                #expect(secret.keyringEntries.map(\.credential.username) == c.users)
            }
        }
        // Effects follow the documented mapping.
        for finding in secret.findings {
            switch finding.code {
            case .notJSONObject, .missingKey, .badDataBase64, .badSecretData, .missingName, .numberOutOfRange:
                #expect(finding.effect == .apiServerRejects)
            case .badAuthBase64, .authNoColon, .badFieldType:
                #expect(finding.effect == .breaksEveryPullInPod)
            case .identityTokenDropped, .registryTokenDropped:
                #expect(finding.effect == .kubeletDropsField)
            case .invalidKey:
                #expect(finding.effect == .entrySkipped)
            case .wrongType, .noAuths, .flatInDockerConfigJSON:
                #expect(finding.effect == .kubeletIgnoresSecret)
            case .authsInDockercfg:
                #expect(finding.effect == .kubeletIgnoresSecret || finding.effect == .info)
            case .emptyUsername, .noCredentials, .authOverridesFields, .duplicateKey, .hubKeyNeverMatches,
                .stringDataOverridesData:
                #expect(finding.effect == .info)
            }
            #expect(finding.secretName == (c.codes.contains("missing-name") ? "" : "s"))
        }
    }

    @Test func namespaceDefaultsToTheGivenOne() throws {
        let yaml =
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: '{}'}\n"
        #expect(try #require(TestSupport.secret(yaml: yaml, defaultNamespace: "team")).namespace == "team")
        let withNamespace = yaml.replacingOccurrences(of: "{name: s}", with: "{name: s, namespace: prod}")
        #expect(try #require(TestSupport.secret(yaml: withNamespace, defaultNamespace: "team")).namespace == "prod")
    }

    @Test func findingsNameTheEntryKey() throws {
        let secret = try #require(
            TestSupport.secret(yaml: Self.secret(Self.auths("\"https://u:pw@r.io/v2/\": {\"auth\": \"!!\"}"))))
        let finding = try #require(secret.findings.first)
        #expect(finding.registryKey == "https://<redacted>@r.io/v2/")
        #expect(finding.description.hasPrefix("error bad-auth-base64 secret ns/s key "))
    }

    @Test func entryRegistryAndRepositoryPrefix() throws {
        let payload = Self.auths(
            ["https://index.docker.io/v1/", "reg.io:5000/team", "*.example.com", "bad host", "http://h.io/v2/a/b/"]
                .map { "\"\($0)\": {\"username\": \"u\", \"password\": \"p\"}" }.joined(separator: ", "))
        let secret = try #require(TestSupport.secret(yaml: Self.secret(payload)))
        #expect(secret.entries.map(\.registry) == ["index.docker.io", "reg.io:5000", nil, nil, "h.io"])
        #expect(secret.entries.map(\.repositoryPrefix) == [nil, "team", nil, nil, "a/b/"])
        #expect(
            secret.entries.map(\.normalizedKey) == [
                "index.docker.io", "reg.io:5000/team", "*.example.com", nil, "h.io/a/b/",
            ])
    }

    @Test func nullTypeIsNoType() throws {
        let yaml = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ~}\ntype: ~\nstringData: {a: b}\n"
        let secret = try #require(TestSupport.secret(yaml: yaml, defaultNamespace: "dflt"))
        #expect(secret.type == "")
        #expect(secret.namespace == "dflt")
        #expect(secret.findings.first?.message.hasPrefix("the Secret has no type") == true)
    }

    @Test func notASecret() {
        let set = KubeDocumentLoader.parse(text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", file: "x")
        #expect(set.documents.compactMap { PullSecretParser.parse($0, defaultNamespace: "d") }.isEmpty)
    }

    // MARK: - Files

    @Test func kubectlGetSecretYAML() throws {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("secrets/kubectl-get-secret.yaml"))
        #expect(set.problems.isEmpty)
        let secrets = PullSecretParser.secrets(in: set.documents, defaultNamespace: "x")
        let secret = try #require(secrets.first)
        #expect(secrets.count == 1)
        #expect(secret.qualifiedName == "default/regcred")
        #expect(secret.findings.isEmpty)
        #expect(secret.keyringEntries.map(\.credential.username) == ["hubuser"])
        #expect(secret.keyringEntries.map(\.normalizedKey) == ["index.docker.io"])
    }

    @Test func kubectlGetSecretJSON() throws {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("secrets/kubectl-get-secret.json"))
        let secret = try #require(PullSecretParser.secrets(in: set.documents, defaultNamespace: "x").first)
        #expect(secret.findings.isEmpty)
        #expect(secret.keyringEntries.map(\.normalizedKey) == ["registry.example.com:5000"])
    }

    @Test func secretList() {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("secrets/secret-list.yaml"))
        let secrets = PullSecretParser.secrets(in: set.documents, defaultNamespace: "x")
        #expect(secrets.map(\.name) == ["quay-good", "quay-bad-auth", "builder-token"])
        #expect(secrets.map(\.namespace) == ["team-a", "team-a", "team-a"])
        #expect(secrets[0].findings.isEmpty)
        #expect(secrets[0].keyringEntries.map(\.credential.username) == ["robot+ci"])
        #expect(secrets[1].breaksEveryPull)
        #expect(secrets[1].findings.map(\.code) == [.badAuthBase64])
        #expect(secrets[2].findings.map(\.code) == [.wrongType])
        #expect(set.documents.map(\.origin.listItem) == [1, 2, 3])
    }

    @Test func rawAPISecretListGetsItsKind() throws {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("secrets/secretlist-api.json"))
        let secret = try #require(PullSecretParser.secrets(in: set.documents, defaultNamespace: "x").first)
        #expect(secret.qualifiedName == "team-b/raw-api")
        #expect(secret.keyringEntries.map(\.credential.username) == ["octo"])
    }

    @Test func dockercfgFile() throws {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("secrets/dockercfg.yaml"))
        let secret = try #require(PullSecretParser.secrets(in: set.documents, defaultNamespace: "legacy").first)
        #expect(secret.findings.isEmpty)
        #expect(secret.qualifiedName == "legacy/legacy-cfg")
        #expect(secret.keyringEntries.map(\.credential.username) == ["robot+ci"])
    }

    @Test func wrappedBase64() throws {
        let set = KubeDocumentLoader.load(path: TestSupport.k8s("secrets/wrapped-base64.yaml"))
        let secret = try #require(PullSecretParser.secrets(in: set.documents, defaultNamespace: "d").first)
        #expect(secret.findings.isEmpty)
        #expect(secret.keyringEntries.map(\.credential.username) == ["wrapped"])
    }
}
