import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Issue 3 against the real lab registries, through the built binary: `regprobe scan`, `regprobe secret` and
/// `regprobe check --secret`, with the manifests and secrets of testdata/k8s/lab (placeholders substituted).
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct KubernetesTests {
    static let labData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/k8s/lab")

    /// The lab file with REGISTRY_* replaced, written to a fresh temporary directory.
    func materialise(_ lab: Lab, _ names: [String]) throws -> (URL, [String]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-k8s-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var paths: [String] = []
        for name in names {
            var text = try String(contentsOf: Self.labData.appendingPathComponent(name), encoding: .utf8)
            text = text.replacingOccurrences(of: "REGISTRY_OPEN", with: lab.open)
                .replacingOccurrences(of: "REGISTRY_BASIC", with: lab.basic)
                .replacingOccurrences(of: "REGISTRY_TOKEN", with: lab.token)
            let file = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            paths.append(file.path)
        }
        return (dir, paths)
    }

    struct Expectation: Decodable {
        let workload: String
        let container: String
        let candidates: [String]?
        let prediction: String
        let status: String?
        let user: String??
        let warnings: [String]?
    }

    @Test func scanPredictsEveryContainerAsExpected() throws {
        let lab = try #require(Lab.shared)
        let (dir, paths) = try materialise(lab, ["workloads.yaml", "secrets.yaml"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try RegProbeBinary.run(["scan", "-o", "json", "--ca-file", lab.ca] + paths)
        struct File: Decodable { let containers: [Expectation] }
        let expected = try JSONDecoder().decode(
            File.self, from: Data(contentsOf: Self.labData.appendingPathComponent("expectations.json"))
        ).containers
        let results = run.results
        #expect(results.count == expected.count, "\(run.stderr)")
        for expectation in expected {
            let result = results.first {
                $0["workload"] as? String == expectation.workload && $0["container"] as? String == expectation.container
            }
            guard let result else {
                Issue.record("no result for \(expectation.workload) \(expectation.container)")
                continue
            }
            #expect(
                result["prediction"] as? String == expectation.prediction,
                "\(expectation.workload)/\(expectation.container): \(result["predictionMessage"] ?? "")")
            if let status = expectation.status {
                #expect(result["status"] as? String == status, "\(expectation.workload)/\(expectation.container)")
            }
            if case .some(let user) = expectation.user, expectation.prediction == "pulls" {
                let source = result["credentialSource"] as? String ?? ""
                if let user {
                    #expect(source.contains("user \(user))"), "\(source)")
                } else {
                    #expect(source == "anonymous")
                }
            }
            if let candidates = expectation.candidates, expectation.prediction != "pulls" || candidates.count > 1 {
                let tried = (result["attempts"] as? [[String: String]] ?? []).count
                #expect(
                    tried == max(1, candidates.count),
                    "\(expectation.workload)/\(expectation.container): every candidate tried, in order")
            }
        }
        #expect(run.exitCode == 4, "an InvalidImageName in the inputs")
        #expect(!run.stdout.contains("alicepw") && !run.stdout.contains("bobpw"))
    }

    @Test func helmStreamFromStdinAndJUnit() throws {
        let lab = try #require(Lab.shared)
        let (dir, paths) = try materialise(lab, ["workloads.yaml", "secrets.yaml"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let stream = try paths.map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n---\n")
        let run = try RegProbeBinary.run(["scan", "-o", "junit", "--ca-file", lab.ca, "-"], stdin: stream)
        #expect(run.stdout.hasPrefix("<?xml"))
        // --junit FILE writes the same report to a file (a container action cannot redirect), text on stdout.
        let file = dir.appendingPathComponent("report.xml").path
        let both = try RegProbeBinary.run(["scan", "--junit", file, "--ca-file", lab.ca, "-"], stdin: stream)
        #expect(both.exitCode == run.exitCode)
        #expect(!both.stdout.hasPrefix("<?xml"), "stdout keeps the text report")
        #expect((try? String(contentsOfFile: file, encoding: .utf8)) == run.stdout)
        let unwritable = try RegProbeBinary.run(
            ["scan", "--junit", dir.path + "/no/such/dir/r.xml", "--ca-file", lab.ca, "-"], stdin: stream)
        #expect(unwritable.exitCode == 4 && unwritable.stderr.contains("cannot write the JUnit report"))
        #if canImport(FoundationXML)
        final class Counter: NSObject, XMLParserDelegate {
            var testcases = 0, failures = 0
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if name == "testcase" { testcases += 1 }
                if name == "failure" { failures += 1 }
            }
        }
        let counter = Counter()
        let parser = XMLParser(data: Data(run.stdout.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "well-formed JUnit XML")
        #expect(counter.testcases == 17)
        #expect(counter.failures == 8, "ErrImagePull x6, KeyringError, InvalidImageName")
        #endif
        #expect(run.exitCode == 4)
    }

    @Test func scanOfAHealthyDeploymentExitsZero() throws {
        let lab = try #require(Lab.shared)
        let deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: prod}
            spec:
              template:
                spec:
                  imagePullSecrets: [{name: regcred}]
                  initContainers: [{name: migrate, image: \(lab.token)/team/app:2}]
                  containers: [{name: app, image: \(lab.token)/private/app:1.0}, {name: side, image: \(lab.open)/public/multi:oci}]
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: regcred, namespace: prod}
            type: kubernetes.io/dockerconfigjson
            stringData:
              .dockerconfigjson: '{"auths": {"\(lab.token)": {"auth": "\(Data("alice:alicepw".utf8).base64EncodedString())"}}}'
            """
        let run = try RegProbeBinary.run(["scan", "--ca-file", lab.ca, "-"], stdin: deployment)
        #expect(run.exitCode == 0, "\(run.stdout)")
        #expect(run.stdout.contains("Deployment/web  (namespace prod"))
        #expect(run.stdout.contains("init:migrate"))
        #expect(run.stdout.components(separatedBy: "pulls with secret prod/regcred").count - 1 == 2)
    }

    @Test func unparseableDocumentIsReportedWithFileAndNumber() throws {
        let run = try RegProbeBinary.run(
            ["scan", "-"], stdin: "kind: Pod\nmetadata: {name: a}\nspec: {containers: [}\n---\nkind: ConfigMap\n")
        #expect(run.exitCode == 4)
        #expect(run.stdout.contains("<stdin> document 1, line 3"), "\(run.stdout)")
    }

    /// Token servers grant rights on names that do not exist (alice may pull `private/*`): `pull-granted` says the
    /// repository's existence was not checked.
    @Test func pullGrantedOnAMissingRepositoryDoesNotClaimItExists() throws {
        let lab = try #require(Lab.shared)
        let (dir, paths) = try materialise(lab, ["secrets.yaml"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try RegProbeBinary.run([
            "secret", "-o", "json", "--ca-file", lab.ca, "--repository",
            "private/does-not-exist", paths[0],
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let logins = object["logins"] as? [[String: Any]] ?? []
        let alice = logins.first { $0["secret"] as? String == "lab/token-alice" }
        #expect(alice?["strength"] as? String == "pull-granted")
        #expect(
            (alice?["message"] as? String)?.contains("that the repository exists was not checked") == true,
            "\(alice ?? [:])")
    }

    @Test func secretValidationAndLogins() throws {
        let lab = try #require(Lab.shared)
        let (dir, paths) = try materialise(lab, ["secrets.yaml"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try RegProbeBinary.run([
            "secret", "-o", "json", "--ca-file", lab.ca, "--repository", "private/app", paths[0],
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let logins = object["logins"] as? [[String: Any]] ?? []
        func login(_ secret: String) -> [String: Any]? { logins.first { $0["secret"] as? String == "lab/\(secret)" } }
        #expect(login("token-alice")?["status"] as? String == "exists")
        #expect(login("token-alice")?["strength"] as? String == "pull-granted")
        #expect(login("token-bob")?["status"] as? String == "denied")
        #expect(login("token-wrong-password")?["status"] as? String == "unauthorized")
        #expect(login("basic-alice")?["strength"] as? String == "login-accepted")
        let secrets = object["secrets"] as? [[String: Any]] ?? []
        let opaque = secrets.first { $0["name"] as? String == "opaque-alice" }
        #expect(opaque?["usedByKubelet"] as? Bool == false)
        #expect(((opaque?["findings"] as? [[String: String]]) ?? []).contains { $0["code"] == "wrong-type" })
        let broken = secrets.first { $0["name"] as? String == "broken-auth" }
        #expect(
            ((broken?["findings"] as? [[String: String]]) ?? []).contains { $0["effect"] == "breaks-every-pull-in-pod" }
        )
        #expect(run.exitCode == 4, "broken secrets in the input")
        for secret in ["alicepw", "bobpw", "not-alicepw"] {
            #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret))
        }
    }

    @Test func secretWithImageSaysWhichEntryPulls() throws {
        let lab = try #require(Lab.shared)
        let (dir, paths) = try materialise(lab, ["secrets.yaml"])
        defer { try? FileManager.default.removeItem(at: dir) }
        // Only the bob-then-alice secret: the first matching entry (bob) is denied, the second (alice) pulls.
        let text = try String(contentsOfFile: paths[0], encoding: .utf8)
        let only = text.components(separatedBy: "\n---\n").first { $0.contains("name: token-bob-then-alice") } ?? ""
        let run = try RegProbeBinary.run(
            ["secret", "--ca-file", lab.ca, "-", "\(lab.token)/private/app:1.0"], stdin: only)
        #expect(run.exitCode == 0, "\(run.stdout)")
        #expect(run.stdout.contains("pulls with secret lab/token-bob-then-alice"))
        #expect(run.stdout.contains("user alice"))
        #expect(run.stdout.contains("kubelet would try: (1)") && run.stdout.contains("(2)"))
    }

    @Test func checkWithSecretFlag() throws {
        let lab = try #require(Lab.shared)
        let (dir, paths) = try materialise(lab, ["secret-token-alice.yaml"])
        defer { try? FileManager.default.removeItem(at: dir) }
        var run = try RegProbeBinary.run([
            "-o", "json", "--ca-file", lab.ca, "--secret", paths[0], "\(lab.token)/private/app:1.0",
        ])
        #expect(run.status() == "exists")
        #expect((run.field("credentialSource") as? String)?.hasPrefix("secret lab/token-alice") == true)
        run = try RegProbeBinary.run([
            "check", "--ca-file", lab.ca, "--secret", paths[0], "\(lab.open)/public/hello:1.0",
        ])
        #expect(run.exitCode == 0, "an image no entry matches is checked anonymously")
        run = try RegProbeBinary.run([
            "--secret", dir.appendingPathComponent("absent.yaml").path, "\(lab.token)/private/app:1.0", "-o", "json",
        ])
        #expect(run.exitCode == 4)
        #expect(run.errorObject?["code"] as? String == "secret-file")
    }

    /// A Secret the API server refuses (§10), with alice's credentials for the token registry in it: without the
    /// refusal, `check --secret` would pull with them.
    struct RefusedSecret: Sendable, CustomTestStringConvertible {
        let code: String
        /// The Secret's `type:` line and its data, as YAML.
        let body: String
        /// A part of the finding's text.
        let text: String
        var testDescription: String { code }

        static let alice = Data("alice:alicepw".utf8).base64EncodedString()
        static let payload = "{\"auths\": {\"REGISTRY_TOKEN\": {\"auth\": \"\(alice)\"}}}"
        static let all = [
            RefusedSecret(
                code: "missing-key",
                body: "type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockercfg: '\(payload)'",
                text: "type kubernetes.io/dockerconfigjson requires the key .dockerconfigjson, which is missing"),
            RefusedSecret(
                code: "bad-data-base64",
                body: "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: '\(alice)!'",
                text: "data[.dockerconfigjson] is not valid base64"),
            RefusedSecret(
                code: "not-json-object",
                body: "type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: '\(payload)}'",
                text: ".dockerconfigjson is not valid JSON (line 1, column"),
        ]

        func yaml(_ lab: Lab) -> String {
            "apiVersion: v1\nkind: Secret\nmetadata: {name: refused, namespace: lab}\n"
                + body.replacingOccurrences(of: "REGISTRY_TOKEN", with: lab.token) + "\n"
        }
    }

    /// `check --secret` with a Secret the API server refuses stops as for an unreadable credentials file (exit 4,
    /// the finding's code and text) instead of checking anonymously.
    @Test(arguments: RefusedSecret.all) func checkWithARefusedSecretStops(_ refused: RefusedSecret) throws {
        let lab = try #require(Lab.shared)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-k8s-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("refused.yaml")
        try Data(refused.yaml(lab).utf8).write(to: file)
        let image = "\(lab.token)/private/app:1.0"
        let text = try RegProbeBinary.run(["check", "--ca-file", lab.ca, "--secret", file.path, image])
        #expect(text.exitCode == 4, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.isEmpty, "nothing checked: \(text.stdout)")
        #expect(text.stderr.hasPrefix("regprobe: the API server refuses Secret lab/refused"), "\(text.stderr)")
        #expect(text.stderr.contains("\(file.path) document 1 (line 1)"), "\(text.stderr)")
        #expect(text.stderr.contains(refused.text), "\(text.stderr)")
        let json = try RegProbeBinary.run(["check", "-o", "json", "--ca-file", lab.ca, "--secret", file.path, image])
        #expect(json.exitCode == 4)
        #expect(json.errorObject?["code"] as? String == refused.code, "\(json.stdout)")
        let message = json.errorObject?["message"] as? String ?? ""
        #expect(message.hasPrefix("the API server refuses Secret lab/refused") && message.contains(refused.text))
        #expect(json.results.isEmpty)
        for output in [text.stdout, text.stderr, json.stdout, json.stderr] {
            #expect(!output.contains("alicepw") && !output.contains(RefusedSecret.alice))
        }
    }

    /// `scan` with a refused Secret: the apply fails (exit 4) and the report says why; the pod that names it gets
    /// kubelet's prediction for a missing Secret (FailedToRetrieveImagePullSecret, then an anonymous pull). A
    /// refused `--secret` no pod names fails the run too.
    @Test func scanWithARefusedSecret() throws {
        let lab = try #require(Lab.shared)
        let refused = RefusedSecret.all[0]
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: refused-secret, namespace: lab}
            spec:
              imagePullSecrets: [{name: refused}]
              containers:
                - {name: private, image: "\(lab.token)/private/app:1.0"}
                - {name: public, image: "\(lab.token)/public/hello:1.0"}
            ---

            """
        let run = try RegProbeBinary.run(
            ["scan", "-o", "json", "--ca-file", lab.ca, "-"], stdin: pod + refused.yaml(lab))
        #expect(run.exitCode == 4, "\(run.stdout)\(run.stderr)")
        let results = run.results
        #expect(results.count == 2, "\(run.stdout)\(run.stderr)")
        #expect(results.first?["prediction"] as? String == "ErrImagePull")
        #expect(results.first?["status"] as? String == "unauthorized")
        #expect(results.last?["prediction"] as? String == "pulls")
        for result in results {
            #expect(
                result["attempts"] as? [[String: String]] == [
                    ["credentialSource": "anonymous", "status": result["status"] as? String ?? ""]
                ], "anonymous only: \(result)")
            let warnings = result["podWarnings"] as? [String] ?? []
            #expect(
                warnings.contains {
                    $0.hasPrefix(
                        "FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (refused)")
                        && $0.contains("refused by the API server")
                }, "\(warnings)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let listed = object?["refusedSecrets"] as? [[String: String]] ?? []
        #expect(listed.count == 1, "\(listed)")
        #expect(listed.first?["secret"] == "lab/refused" && listed.first?["code"] == refused.code)
        #expect(listed.first?["effect"] == "api-server-rejects")
        #expect(listed.first?["message"]?.contains(refused.text) == true, "\(listed)")

        let text = try RegProbeBinary.run(["scan", "--ca-file", lab.ca, "-"], stdin: pod + refused.yaml(lab))
        #expect(text.exitCode == 4)
        #expect(text.stdout.contains("refused by the API server (kubectl apply fails; the Secret never exists):\n"))
        #expect(text.stdout.contains("✗ error \(refused.code) secret lab/refused: \(refused.text)"), "\(text.stdout)")
        #expect(text.stdout.contains("warning: Unable to retrieve some image pull secrets (refused)"))

        // Not named by any pod, given with --secret: the apply of it fails all the same.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-k8s-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("refused.yaml")
        try Data(RefusedSecret.all[2].yaml(lab).utf8).write(to: file)
        let healthy = """
            apiVersion: v1
            kind: Pod
            metadata: {name: healthy, namespace: lab}
            spec: {containers: [{name: app, image: "\(lab.open)/public/hello:1.0"}]}
            """
        let extra = try RegProbeBinary.run(
            ["scan", "-o", "json", "--ca-file", lab.ca, "--secret", file.path, "-"], stdin: healthy)
        #expect(extra.exitCode == 4, "\(extra.stdout)\(extra.stderr)")
        #expect(extra.results.first?["prediction"] as? String == "pulls")
        let extraObject = try JSONSerialization.jsonObject(with: Data(extra.stdout.utf8)) as? [String: Any]
        let extraListed = extraObject?["refusedSecrets"] as? [[String: String]] ?? []
        #expect(extraListed.map { $0["code"] } == ["not-json-object"], "\(extraListed)")
        for output in [run.stdout, run.stderr, text.stdout, text.stderr, extra.stdout, extra.stderr] {
            #expect(!output.contains("alicepw") && !output.contains(RefusedSecret.alice))
        }
    }

    /// A `_` in the registry host (R2.7): kubelet accepts `my_registry.example.com/...` (distribution reads the
    /// whole name as a path), matches the secret's `my_registry.example.com` key and tries alice; regprobe checks
    /// the host as written. The host is reached through `http_proxy` (the lab fixture, on loopback), so nothing is
    /// resolved or sent elsewhere.
    @Test func underscoreHostIsAcceptedAndItsCredentialTried() throws {
        let lab = try #require(Lab.shared)
        let manifests = """
            apiVersion: v1
            kind: Pod
            metadata: {name: underscore, namespace: lab}
            spec:
              imagePullSecrets: [{name: underscore-host}]
              containers:
                - {name: found, image: "my_registry.example.com/nohead/app:1"}
                - {name: refused, image: "my_registry.example.com/deniedtext/app:1"}
                - {name: port, image: "my_registry.example.com:5000/app:1"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: underscore-host, namespace: lab}
            type: kubernetes.io/dockerconfigjson
            stringData:
              .dockerconfigjson: '{"auths": {"my_registry.example.com": {"username": "alice", "password": "alicepw"}}}'
            """
        let proxy = ["http_proxy": "http://\(lab.fixture)", "https_proxy": "http://\(lab.fixture)"]
        let run = try RegProbeBinary.run(
            ["scan", "-o", "json", "--plain-http", "-"], stdin: manifests,
            environment: proxy)
        let results = run.results
        #expect(results.count == 3, "\(run.stdout)\(run.stderr)")
        func field(_ index: Int, _ name: String) -> Any? {
            results.indices.contains(index) ? results[index][name] : nil
        }
        func attempts(_ index: Int) -> [[String: String]] { field(index, "attempts") as? [[String: String]] ?? [] }
        let alice = "secret lab/underscore-host (key my_registry.example.com, user alice)"
        #expect(field(0, "prediction") as? String == "pulls", "\(field(0, "predictionMessage") ?? "")")
        #expect(field(0, "registry") as? String == "my_registry.example.com")
        #expect(attempts(0) == [["credentialSource": alice, "status": "exists"]])
        #expect((field(0, "predictionNotes") as? [String] ?? []).contains("host-outside-domain-grammar"))
        #expect(field(1, "prediction") as? String == "ErrImagePull")
        #expect(attempts(1) == [["credentialSource": alice, "status": "denied"]], "no anonymous retry")
        #expect(field(2, "prediction") as? String == "InvalidImageName", "with a port the name is no path")
        #expect(attempts(2).isEmpty)
        #expect(run.exitCode == 4)
        #expect(!run.stdout.contains("alicepw") && !run.stderr.contains("alicepw"))
    }

    /// A port above 65535 (R2.8): kubelet accepts the name, matches the `reg.example.com:65536` key and tries
    /// alice, and the pull fails because nothing can connect to such a port; regprobe predicts that and sends
    /// nothing (`-v` lists every request on stderr: none).
    @Test func portAbove65535IsAcceptedButThePullFailsWithoutARequest() throws {
        let manifests = """
            apiVersion: v1
            kind: Pod
            metadata: {name: bigport, namespace: lab}
            spec:
              imagePullSecrets: [{name: bigport}]
              containers:
                - {name: keyed, image: "reg.example.com:65536/app"}
                - {name: anonymous, image: "127.0.0.1:99999/app:1"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: bigport, namespace: lab}
            type: kubernetes.io/dockerconfigjson
            stringData:
              .dockerconfigjson: '{"auths": {"reg.example.com:65536": {"username": "alice", "password": "alicepw"}}}'
            """
        let run = try RegProbeBinary.run(["scan", "-o", "json", "-v", "-"], stdin: manifests)
        let results = run.results
        #expect(results.count == 2, "\(run.stdout)\(run.stderr)")
        func field(_ index: Int, _ name: String) -> Any? {
            results.indices.contains(index) ? results[index][name] : nil
        }
        func attempts(_ index: Int) -> [[String: String]] { field(index, "attempts") as? [[String: String]] ?? [] }
        #expect(field(0, "prediction") as? String == "ErrImagePull", "\(field(0, "predictionMessage") ?? "")")
        #expect(field(0, "status") as? String == "network-error")
        #expect(field(0, "registry") as? String == "reg.example.com:65536")
        #expect(
            attempts(0) == [
                [
                    "credentialSource": "secret lab/bigport (key reg.example.com:65536, user alice)",
                    "status": "network-error",
                ]
            ])
        let message = field(0, "predictionMessage") as? String ?? ""
        #expect(message.contains("port 65536 is above 65535") && message.contains("nothing was sent"), "\(message)")
        #expect(message.contains("user alice"))
        #expect(field(1, "prediction") as? String == "ErrImagePull")
        #expect(attempts(1) == [["credentialSource": "anonymous", "status": "network-error"]])
        #expect(!run.stderr.contains("GET ") && !run.stderr.contains("HEAD "), "no request: \(run.stderr)")
        #expect(run.exitCode == 3)
        #expect(!run.stdout.contains("alicepw") && !run.stderr.contains("alicepw"))
    }

    /// A pull secret whose payload holds a number a float64 cannot hold is refused by the API server (§10), so
    /// kubelet never has it: the pod's reference to it is skipped (FailedToRetrieveImagePullSecret) and the pull
    /// is anonymous. The private image is then refused; the public one pulls.
    @Test func secretWithANumberBeyondFloat64IsRefusedSoThePullIsAnonymous() throws {
        let lab = try #require(Lab.shared)
        let alice = Data("alice:alicepw".utf8).base64EncodedString()
        let manifests = """
            apiVersion: v1
            kind: Pod
            metadata: {name: huge, namespace: lab}
            spec:
              imagePullSecrets: [{name: huge-number}]
              containers:
                - {name: private, image: "\(lab.token)/private/app:1.0"}
                - {name: public, image: "\(lab.token)/public/hello:1.0"}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: huge-number, namespace: lab}
            type: kubernetes.io/dockerconfigjson
            stringData:
              .dockerconfigjson: '{"auths": {"\(lab.token)": {"auth": "\(alice)"}}, "x": 1e400}'
            """
        let run = try RegProbeBinary.run(["scan", "-o", "json", "--ca-file", lab.ca, "-"], stdin: manifests)
        let results = run.results
        #expect(results.count == 2, "\(run.stdout)\(run.stderr)")
        func attempts(_ index: Int) -> [[String: String]] {
            results.indices.contains(index) ? results[index]["attempts"] as? [[String: String]] ?? [] : []
        }
        #expect(results.first?["prediction"] as? String == "ErrImagePull")
        #expect(results.first?["status"] as? String == "unauthorized")
        #expect(attempts(0) == [["credentialSource": "anonymous", "status": "unauthorized"]], "no credential")
        #expect(results.last?["prediction"] as? String == "pulls")
        #expect(attempts(1) == [["credentialSource": "anonymous", "status": "exists"]])
        let warnings = results.first?["podWarnings"] as? [String] ?? []
        #expect(
            warnings.contains {
                $0.contains("FailedToRetrieveImagePullSecret") && $0.contains("huge-number")
                    && $0.contains("refused by the API server")
            }, "\(warnings)")
        #expect(run.exitCode == 4, "the apply of the refused Secret fails")

        let secret = manifests.components(separatedBy: "---\n").last ?? ""
        let checked = try RegProbeBinary.run(["secret", "-o", "json", "--ca-file", lab.ca, "-"], stdin: secret)
        let report = try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [String: Any]
        let secretFindings = ((report?["secrets"] as? [[String: Any]])?.first?["findings"] as? [[String: String]]) ?? []
        let refused = secretFindings.first { $0["code"] == "number-out-of-range" }
        #expect(refused?["effect"] == "api-server-rejects", "\(secretFindings)")
        #expect(
            refused?["message"]?.contains(
                "json: cannot unmarshal number 1e400 into Go value of type float64") == true, "\(refused ?? [:])")
        #expect(checked.exitCode == 4)
        for output in [run.stdout, run.stderr, checked.stdout, checked.stderr] {
            #expect(!output.contains("alicepw") && !output.contains(alice))
        }
    }

    @Test func pinnedDigestThatTheTagNoLongerPointsTo() throws {
        let lab = try #require(Lab.shared)
        let pinned = lab.digest("public/hello:oci")  // the OCI manifest; the tag 1.0 points to the Docker one
        let current = lab.digest("public/hello:1.0")
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: pinned, namespace: lab}
            spec:
              containers:
                - {name: moved, image: "\(lab.open)/public/hello:1.0@\(pinned)"}
                - {name: same, image: "\(lab.open)/public/hello:1.0@\(current)"}
            """
        let run = try RegProbeBinary.run(["scan", "-o", "json", "-"], stdin: pod)
        #expect(run.exitCode == 0)
        let notes = run.results.map { ($0["checkNotes"] as? [String]) ?? [] }
        #expect(notes.count == 2)
        #expect(notes.first?.first?.contains("now points to \(current), not the pinned \(pinned)") == true, "\(notes)")
        #expect(notes.last?.isEmpty == true)
        #expect(run.results.first?["digest"] as? String == pinned, "the pod pulls the pinned digest")
    }
}
