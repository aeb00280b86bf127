import RegProbe

/// `regprobe secret FILE [IMAGE...]`: is the Secret well-formed (as the API server and kubelet read it), do its
/// credentials work, and, for images, which entry would kubelet pull them with.
public enum SecretRunner {
    public static func run(
        documents: KubeDocumentSet, images: [String], repository: String?,
        defaultNamespace: String = "default", checker: Checker
    ) async -> SecretReport {
        let secrets = PullSecretParser.secrets(in: documents.documents, defaultNamespace: defaultNamespace)

        // Every entry's credentials, against its registry (even in a Secret kubelet ignores: the user wants to
        // know whether the credentials themselves are good).
        var logins: [LoginCheck] = []
        for secret in secrets {
            for entry in secret.entries {
                // The registry as kubelet reads names (a "_" host, a port above 65535, R2.7, R2.8).
                guard let host = entry.registry,
                    !(entry.credential.username.isEmpty && entry.credential.password.isEmpty),
                    case .success(let reference) = ImageReference.parseAsNormalizedNamed(host + "/x")
                else { continue }
                let source = CredentialSource.pullSecret(
                    namespace: secret.namespace, name: secret.name,
                    key: KubeletKeyring.redactedKey(entry.key), username: entry.credential.username)
                logins.append(
                    LoginCheck(
                        registry: reference.registry, credential: entry.credential, source: source,
                        repository: repository))
            }
        }
        let loginVerdicts = images.isEmpty ? await checker.verifyLogins(logins) : []

        // Images: kubelet's keyring over these secrets, candidates tried in kubelet's order.
        let keyring = KubeletKeyring(secrets: secrets)
        var results: [SecretReport.ImageResult] = []
        var checks: [OrderedCheck] = []
        var pending: [(image: String, candidates: [KeyringCandidate], check: Int?, prediction: Prediction?)] = []
        for image in images {
            switch KubeletImageName.parse(image) {
            case .failure(let error):
                pending.append((image, [], nil, .invalidImageName(reason: error.reason)))
            case .success(let name):
                guard let reference = name.reference else {
                    pending.append(
                        (
                            image, [], nil,
                            .unverifiable(reason: "regprobe cannot check a registry host written like \(name.domain)")
                        ))
                    continue
                }
                let candidates = keyring.lookup(repoToPull: name.repoToPull)
                pending.append((image, candidates, checks.count, nil))
                checks.append(OrderedCheck(reference: reference, attempts: candidates.map(ScanRunner.attempt)))
            }
        }
        let verdicts = await checker.checkInOrder(checks)
        for item in pending {
            if let prediction = item.prediction {
                results.append(.init(image: item.image, candidates: [], attempts: [], prediction: prediction))
                continue
            }
            let attempts = item.check.map { verdicts[$0] } ?? []
            let tried: [KeyringCandidate?] = item.candidates.isEmpty ? [nil] : item.candidates
            let pullAttempts = zip(attempts, tried).map {
                PullAttempt(candidate: $1, status: $0.status, message: $0.message)
            }
            results.append(
                .init(
                    image: item.image, candidates: item.candidates, attempts: attempts,
                    prediction: PullPlan.outcome(of: pullAttempts)))
        }
        return SecretReport(secrets: secrets, problems: documents.problems, logins: loginVerdicts, images: results)
    }
}
