import RegProbe
import Testing

@testable import RegProbeKube

/// R4.1/R4.2 secret resolution, R5.5 keyring errors, and the plan/prediction (R2, R3, R6, R7).
@Suite("pod credentials and predictions")
struct ResolverAndPlanTests {
    static func secret(
        _ name: String, namespace: String = "ci", entries: [[String]], type: String = PullSecret.dockerConfigJSONType
    )
        -> PullSecret?
    {
        PullSecretParser.parse(
            TestSupport.secretValue(
                name: name, namespace: namespace, type: type,
                key: PullSecret.dockerConfigJSONKey,
                payload: TestSupport.payload(entries: entries)),
            defaultNamespace: "default")
    }

    static let saFile: WorkloadScan = {
        WorkloadWalker.walk(KubeDocumentLoader.load(path: TestSupport.k8s("serviceaccount.yaml")).documents)
    }()

    static let resolver: PullSecretResolver = {
        let secrets = [
            secret("sa-pull", entries: [["registry.example.com", "SA"]]),
            secret("pod-pull", entries: [["registry.example.com", "POD"]]),
            secret("sa-pull-2", namespace: "other", entries: [["registry.example.com", "ELSEWHERE"]]),
        ].compactMap { $0 }
        return PullSecretResolver(secrets: secrets, serviceAccounts: saFile.serviceAccounts)
    }()

    @Test func serviceAccountSecretsReplaceOnlyAnEmptyList() throws {
        let containers = Self.saFile.containers
        let usesSA = Self.resolver.credentials(for: containers[0])
        #expect(usesSA.fromServiceAccount == "builder")
        #expect(usesSA.secretNames == ["sa-pull", "sa-pull-2"])
        #expect(usesSA.secrets.map(\.name) == ["sa-pull"])
        let warning = try #require(usesSA.warnings.first { $0.code == .failedToRetrieveImagePullSecret })
        #expect(warning.names == ["sa-pull-2"])
        #expect(
            warning.message.hasPrefix(
                "Unable to retrieve some image pull secrets (sa-pull-2); attempting to pull the image may not succeed.")
        )
        #expect(warning.message.contains("exists in namespace other, but the pod is in ci"))
        let plan = PullPlan.make(container: containers[0], credentials: usesSA)
        guard case .check(_, let candidates) = plan.action else {
            Issue.record("no check")
            return
        }
        #expect(candidates.map(\.credential.username) == ["SA"])

        let own = Self.resolver.credentials(for: containers[1])
        #expect(own.fromServiceAccount == nil)
        #expect(own.secrets.map(\.name) == ["pod-pull"])
        #expect(own.warnings.isEmpty)

        let otherNamespace = Self.resolver.credentials(for: containers[2])
        #expect(otherNamespace.secrets.isEmpty)
        #expect(otherNamespace.warnings.map(\.code) == [.serviceAccountNotFound])
    }

    @Test func emptyNamesAreSkippedDuplicatesKept() throws {
        let resolver = PullSecretResolver(secrets: [try #require(Self.secret("x", entries: [["r.io", "A"]]))])
        let credentials = resolver.credentials(namespace: "ci", imagePullSecrets: ["", "x", "x"])
        #expect(credentials.warnings.isEmpty)
        #expect(credentials.keyring.lookup(repoToPull: "r.io/a").map(\.credential.username) == ["A", "A"])
    }

    @Test func lastDefinitionOfASecretWins() throws {
        let resolver = PullSecretResolver(secrets: [
            try #require(Self.secret("x", entries: [["r.io", "OLD"]])),
            try #require(Self.secret("x", entries: [["r.io", "NEW"]])),
        ])
        #expect(
            resolver.credentials(namespace: "ci", imagePullSecrets: ["x"]).keyring.lookup(repoToPull: "r.io/a")
                .map(\.credential.username) == ["NEW"])
    }

    @Test func secretTheAPIServerRefusesCountsAsMissing() throws {
        let yaml =
            "apiVersion: v1\nkind: Secret\nmetadata: {name: bad, namespace: ci}\ntype: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: '[]'}\n"
        let secret = try #require(TestSupport.secret(yaml: yaml))
        let credentials = PullSecretResolver(secrets: [secret]).credentials(namespace: "ci", imagePullSecrets: ["bad"])
        #expect(credentials.secrets.isEmpty)
        #expect(credentials.warnings.first?.code == .failedToRetrieveImagePullSecret)
        #expect(credentials.warnings.first?.message.contains("refused by the API server") == true)
        #expect(credentials.keyringError == nil)
    }

    @Test func keyringErrorFailsEveryPullButNotNeverOrInvalidNames() throws {
        let yaml =
            "apiVersion: v1\nkind: Secret\nmetadata: {name: broken, namespace: ci}\ntype: kubernetes.io/dockerconfigjson\n"
            + "stringData: {.dockerconfigjson: '{\"auths\": {\"r.io\": {\"auth\": \"cGFudHM=\"}}}'}\n"
        let broken = try #require(TestSupport.secret(yaml: yaml))
        let good = try #require(Self.secret("good", entries: [["r.io", "A"]]))
        let credentials = PullSecretResolver(secrets: [good, broken]).credentials(
            namespace: "ci", imagePullSecrets: ["good", "broken"])
        #expect(
            credentials.keyringError
                == "secret ci/broken: unable to parse auth field, must be formatted as base64(username:password)")
        for image in ["nginx", "r.io/a", "ghcr.io/public/x:1"] {
            let plan = PullPlan.make(
                container: TestSupport.container(image: image, namespace: "ci"), credentials: credentials)
            #expect(plan.knownPrediction?.code == "KeyringError")
            #expect(plan.knownPrediction?.kubeletReason == credentials.keyringError)
        }
        let never = PullPlan.make(
            container: TestSupport.container(image: "r.io/a", namespace: "ci", pullPolicy: "Never"),
            credentials: credentials)
        #expect(never.knownPrediction?.code == "ErrImageNeverPull")
        let invalid = PullPlan.make(
            container: TestSupport.container(image: "Nginx", namespace: "ci", pullPolicy: "Never"),
            credentials: credentials)
        #expect(invalid.knownPrediction?.code == "InvalidImageName")
    }

    @Test(arguments: [
        ("", nil, "Pod", "Rejected", "Required value"),
        (" nginx", nil, "Pod", "Rejected", "leading or trailing whitespace; the API server refuses the Pod"),
        ("nginx ", nil, "Deployment", "Rejected", "refuses the pods created from it"),
        ("nginx", "always", "Pod", "Rejected", "is not supported"),
        ("Nginx", nil, "Pod", "InvalidImageName", "must be lowercase"),
        ("nginx:", nil, "Pod", "InvalidImageName", "couldn't parse image name"),
        ("MyRegistry/app", nil, "Pod", "Unverifiable", "registry host"),
        ("r.io/a", "Never", "Pod", "ErrImageNeverPull", "is not present with pull policy of Never"),
    ])
    func noCheckPredictions(_ image: String, _ policy: String?, _ kind: String, _ code: String, _ text: String) {
        let plan = PullPlan.make(
            container: TestSupport.container(image: image, kind: kind, pullPolicy: policy),
            credentials: .none(namespace: "default"))
        #expect(plan.knownPrediction?.code == code)
        #expect(plan.knownPrediction?.message.contains(text) == true, "\(plan.knownPrediction?.message ?? "nil")")
    }

    @Test func notes() throws {
        func notes(_ image: String, credentials: PodCredentials = .none(namespace: "default")) -> [String] {
            PullPlan.make(container: TestSupport.container(image: image), credentials: credentials).notes.map(\.code)
        }
        #expect(notes("nginx") == ["unpinned-tag", "node-credentials-unseen", "runtime-mirrors-unseen"])
        #expect(notes("r.io/a:1") == ["node-credentials-unseen"])
        #expect(notes("registry-1.docker.io/library/nginx:1") == ["node-credentials-unseen", "registry-alias"])
        let digest = "sha256:" + String(repeating: "0", count: 64)
        #expect(notes("r.io/a:latest@\(digest)") == ["digest-wins-over-tag", "node-credentials-unseen"])
        let empty = try #require(
            TestSupport.secret(
                yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: e}\n"
                    + "type: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: '{\"auths\": {\"r.io\": {}}}'}\n"
            ))
        let credentials = PullSecretResolver(secrets: [empty]).credentials(
            namespace: "default", imagePullSecrets: ["e"])
        #expect(notes("r.io/a:1", credentials: credentials) == ["empty-credential-candidate"])
    }

    @Test func outcomes() {
        let a = KeyringCandidate(
            credential: .init(username: "a", password: "x"), secretNamespace: "ns", secretName: "s",
            secretOrdinal: 0, key: "r.io", normalizedKey: "r.io")
        let b = KeyringCandidate(
            credential: .init(username: "b", password: "y"), secretNamespace: "ns", secretName: "s",
            secretOrdinal: 0, key: "r.io/o", normalizedKey: "r.io/o")
        #expect(PullPlan.outcome(of: []).code == "Unverifiable")
        #expect(
            PullPlan.outcome(of: [PullAttempt(candidate: nil, status: .exists, message: "ok")])
                == .pulls(credential: nil))
        #expect(
            PullPlan.outcome(of: [
                PullAttempt(candidate: b, status: .denied, message: "no"),
                PullAttempt(candidate: a, status: .exists, message: "ok"),
            ]) == .pulls(credential: a))
        let anonymous = PullPlan.outcome(of: [PullAttempt(candidate: nil, status: .unauthorized, message: "401")])
        #expect(anonymous.message.contains("node or plugin credentials"))
        let both = PullPlan.outcome(of: [
            PullAttempt(candidate: b, status: .denied, message: "403"),
            PullAttempt(candidate: a, status: .unauthorized, message: "401"),
        ])
        guard case .errImagePull(let status, let reason) = both else {
            Issue.record("\(both)")
            return
        }
        #expect(status == .denied)
        #expect(
            reason.contains(
                "(1) secret ns/s (key r.io/o, user b): denied: 403; (2) secret ns/s (key r.io, user a): unauthorized: 401"
            ))
        #expect(reason.contains("no anonymous retry"))
        #expect(both.isFailure && both.kubeletReason == "ErrImagePull")
    }
}
