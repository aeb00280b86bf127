import Foundation
import RegProbe
import Testing

@testable import RegProbeKube

/// The vectors of `docs/kubelet-credentials.md` §13 (`testdata/k8s/kubelet-vectors.json`), end to end: secrets parsed
/// from Secret objects, resolved for a pod, the keyring looked up, the plan made, and — where the vector says so —
/// the network attempts simulated in kubelet's order.
@Suite("kubelet vectors (§13)")
struct KubeletVectorTests {
    struct SecretSpec: Decodable, Sendable {
        let name: String
        let type: String?
        let entries: [[String]]?
        let payload: String?
    }

    struct ImageCase: Decodable, Sendable {
        let image: String
        let repoToPull: String?
        let policy: String?
        let pullPolicy: String?
        let candidates: [String]?
        let passwords: [String]?
        let unordered: Bool?
        let fallback: Bool?
        let prediction: String?
        let notes: [String]?
        let identifier: String?
        let attempts: [String: String]?
        let attemptsMade: [String]?
        let outcome: String?
    }

    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let id: Int
        let secrets: [SecretSpec]
        let podSecrets: [String]?
        let serviceAccountSecrets: [String]?
        let findings: [String]?
        let warnings: [String]?
        let keyringError: String?
        let images: [ImageCase]
        var testDescription: String { "vector \(id): \(images.map(\.image).joined(separator: ", "))" }
    }

    struct File: Decodable {
        let vectors: [Vector]
    }

    static let vectors: [Vector] = {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.k8s("kubelet-vectors.json")))
            return try JSONDecoder().decode(File.self, from: data).vectors
        } catch {
            return []
        }
    }()

    /// The research's 39, then the classes an oracle run of kubelet's own code found regprobe disagreeing on.
    @Test func everyVectorIsThere() {
        #expect(Self.vectors.map(\.id) == Array(1...42))
    }

    @Test(arguments: vectors)
    func vector(_ v: Vector) throws {
        // Secrets, as Secret objects with stringData.
        let secrets: [PullSecret] = try v.secrets.map { spec in
            let type = spec.type ?? PullSecret.dockerConfigJSONType
            let key = type == PullSecret.dockercfgType ? PullSecret.dockercfgKey : PullSecret.dockerConfigJSONKey
            let payload =
                spec.payload
                ?? TestSupport.payload(entries: spec.entries ?? [], flat: type == PullSecret.dockercfgType)
            let value = TestSupport.secretValue(name: spec.name, type: type, key: key, payload: payload)
            return try #require(PullSecretParser.parse(value, defaultNamespace: "default"))
        }
        let findingCodes = Set(secrets.flatMap(\.findings).map(\.code.rawValue))
        for code in v.findings ?? [] {
            #expect(findingCodes.contains(code), "finding \(code) in \(findingCodes.sorted())")
        }
        if v.findings == nil {
            let errors = secrets.flatMap(\.findings).filter { $0.severity == .error }
            #expect(errors.isEmpty, "unexpected errors: \(errors)")
        }

        let accounts =
            v.serviceAccountSecrets.map {
                [ServiceAccountRef(namespace: "default", name: "default", imagePullSecrets: $0)]
            } ?? []
        let resolver = PullSecretResolver(secrets: secrets, serviceAccounts: accounts)
        let refs = v.podSecrets ?? v.secrets.map(\.name)
        let credentials = resolver.credentials(namespace: "default", imagePullSecrets: refs.isEmpty ? nil : refs)
        let warningCodes = Set(credentials.warnings.map(\.code.rawValue))
        for code in v.warnings ?? [] {
            #expect(warningCodes.contains(code), "warning \(code) in \(warningCodes.sorted())")
        }
        #expect(
            !warningCodes.contains("FailedToRetrieveImagePullSecret")
                || v.warnings?.contains("FailedToRetrieveImagePullSecret") == true)
        if let expected = v.keyringError {
            #expect(credentials.keyringError?.hasSuffix(expected) == true, "\(credentials.keyringError ?? "nil")")
        } else {
            #expect(credentials.keyringError == nil)
        }

        for c in v.images {
            let container = TestSupport.container(
                image: c.image, pullPolicy: c.pullPolicy,
                imagePullSecrets: refs.isEmpty ? nil : refs)
            if let policy = c.policy {
                #expect(container.pullPolicy?.rawValue == policy, "policy of \(c.image)")
            }
            let plan = PullPlan.make(container: container, credentials: credentials)
            if let repo = c.repoToPull {
                #expect(plan.imageName?.repoToPull == repo)
            }
            if let prediction = c.prediction {
                #expect(plan.knownPrediction?.code == prediction, "\(plan.action)")
                continue
            }
            guard case .check(let image, let candidates) = plan.action else {
                Issue.record("expected a check for \(c.image), got \(plan.action)")
                continue
            }
            let users = candidates.map(\.credential.username)
            if c.unordered == true {
                #expect(users.sorted() == (c.candidates ?? []).sorted())
            } else if let expected = c.candidates {
                #expect(users == expected, "candidates for \(c.image)")
            }
            if let passwords = c.passwords {
                let matches = candidates.map(\.credential.password) == passwords
                #expect(matches, "passwords for \(c.image) (not shown)")
            } else {
                let matches = candidates.allSatisfy {
                    $0.credential.password == TestSupport.password($0.credential.username)
                }
                #expect(matches, "passwords for \(c.image) (not shown)")
            }
            if let fallback = c.fallback {
                let lookup = credentials.keyring.lookupDetailed(repoToPull: plan.imageName?.repoToPull ?? "")
                #expect(lookup.usedDockerHubFallback == fallback)
            }
            for note in c.notes ?? [] {
                #expect(plan.notes.map(\.code).contains(note), "note \(note) in \(plan.notes.map(\.code))")
            }
            if let identifier = c.identifier {
                #expect(image.identifier == identifier)
            }
            if let statuses = c.attempts {
                // R7.1: candidates in order, stop at the first success; anonymous only when there are none.
                var made: [PullAttempt] = []
                let order: [KeyringCandidate?] = candidates.isEmpty ? [nil] : candidates
                for candidate in order {
                    let who = candidate?.credential.username ?? "anonymous"
                    let status = Status(rawValue: statuses[who] ?? "unauthorized") ?? .unauthorized
                    made.append(PullAttempt(candidate: candidate, status: status, message: "simulated"))
                    if status.isSuccess { break }
                }
                #expect(made.map { $0.candidate?.credential.username ?? "anonymous" } == c.attemptsMade)
                let outcome = plan.prediction(after: made)
                switch outcome {
                case .pulls(let credential):
                    #expect("pulls:\(credential?.credential.username ?? "anonymous")" == c.outcome)
                case .errImagePull(let status, _):
                    #expect("ErrImagePull:\(status.rawValue)" == c.outcome)
                default:
                    Issue.record("unexpected outcome \(outcome)")
                }
            }
        }
    }
}
