import Foundation
import RegProbe
import Testing

@testable import RegProbeKube

/// The integration fixtures in `testdata/k8s/lab/`, checked offline: placeholders substituted with fake
/// addresses, every container planned, and the network replaced by a model of the lab's ACLs (README of
/// scripts/lab). `lab/expectations.json` is what the integration tests assert against the real registries.
@Suite("lab fixtures")
struct LabTestdataTests {
    static let hosts = [
        "REGISTRY_TOKEN": "localhost:5001", "REGISTRY_BASIC": "localhost:5002",
        "REGISTRY_OPEN": "127.0.0.1:5003",
    ]

    /// The placeholder substitution the integration tests do (plain text replacement).
    static func substitute(_ text: String) -> String {
        hosts.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }

    struct Expectation: Decodable, Sendable, CustomTestStringConvertible {
        let workload: String
        let container: String
        let candidates: [String]?
        let prediction: String
        let status: String?
        let user: String?
        let warnings: [String]?
        var testDescription: String { "\(workload) \(container)" }
    }

    struct File: Decodable {
        let containers: [Expectation]
    }

    static let expectations: [Expectation] = {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: TestSupport.k8s("lab/expectations.json"))),
            let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.containers
    }()

    static let scan: WorkloadScan = {
        var set = KubeDocumentSet()
        for file in ["lab/workloads.yaml", "lab/secrets.yaml"] {
            let text = (try? TestSupport.read(file)) ?? ""
            set.append(contentsOf: KubeDocumentLoader.parse(text: substitute(text), file: file))
        }
        var scan = WorkloadWalker.walk(set.documents, defaultNamespace: "default")
        scan.problems = set.problems + scan.problems
        return scan
    }()

    /// The lab's answer for one manifest check (scripts/lab/lab.sh users and seed.py content).
    static func status(_ image: ImageReference, _ credential: Credential?) -> Status {
        let repo = image.repository
        let known = ["public/hello:1.0", "team/app:v1.3", "private/app:1.0"].contains("\(repo):\(image.identifier)")
        switch image.registry.name {
        case hosts["REGISTRY_OPEN"]:
            return known ? .exists : .notFound
        case hosts["REGISTRY_BASIC"]:
            guard let credential, credential.username == "alice", credential.password == "alicepw" else {
                return .unauthorized
            }
            return known ? .exists : .notFound
        case hosts["REGISTRY_TOKEN"]:
            switch (credential?.username, credential?.password) {
            case (nil, _): return repo.hasPrefix("public/") ? (known ? .exists : .notFound) : .unauthorized
            case ("alice", "alicepw"): return known ? .exists : .notFound
            case ("bob", "bobpw"): return repo.hasPrefix("private/") ? .denied : (known ? .exists : .notFound)
            default: return .unauthorized
            }
        default:
            return .networkError
        }
    }

    @Test func everyContainerHasAnExpectation() {
        #expect(Self.scan.problems.isEmpty, "\(Self.scan.problems)")
        let planned = Set(Self.scan.containers.map { "\($0.workload) \($0.containerName)" })
        let expected = Set(Self.expectations.map { "\($0.workload) \($0.container)" })
        #expect(planned == expected)
        #expect(
            Self.scan.secrets.allSatisfy {
                $0.findings.allSatisfy { $0.severity != .error } || $0.name == "opaque-alice"
                    || $0.name == "broken-auth"
            })
    }

    @Test(arguments: expectations)
    func scenario(_ e: Expectation) throws {
        let container = try #require(
            Self.scan.containers.first { $0.workload == e.workload && $0.containerName == e.container })
        let resolver = PullSecretResolver(secrets: Self.scan.secrets, serviceAccounts: Self.scan.serviceAccounts)
        let credentials = resolver.credentials(for: container)
        let plan = PullPlan.make(container: container, credentials: credentials)
        let warningCodes = plan.warnings.map(\.code.rawValue).filter { $0 != "service-account-not-found" }
        #expect(warningCodes == (e.warnings ?? []))
        let prediction: Prediction
        switch plan.action {
        case .noCheck(let known):
            prediction = known
        case .check(let image, let candidates):
            #expect(candidates.map(\.credential.username) == e.candidates)
            var attempts: [PullAttempt] = []
            for candidate in (candidates.isEmpty ? [nil] : candidates.map(Optional.some)) {
                let status = Self.status(image, candidate?.credential)
                attempts.append(PullAttempt(candidate: candidate, status: status, message: "lab model"))
                if status.isSuccess { break }
            }
            prediction = plan.prediction(after: attempts)
        }
        #expect(prediction.code == e.prediction, "\(prediction)")
        switch prediction {
        case .pulls(let credential):
            #expect(credential?.credential.username == e.user)
        case .errImagePull(let status, _):
            #expect(status.rawValue == e.status)
        default:
            break
        }
    }

    @Test func placeholdersAreNotPrefixesOfEachOther() {
        let names = Array(Self.hosts.keys)
        for a in names {
            for b in names where a != b {
                #expect(!b.hasPrefix(a))
            }
        }
    }
}
