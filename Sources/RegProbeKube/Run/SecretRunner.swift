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
        var pulls: [KubeletPull] = []
        var pending: [(image: String, check: Int?, prediction: Prediction?)] = []
        for image in images {
            switch KubeletPull.of(image, keyring: keyring) {
            case .failure(.invalidName(let reason)):
                pending.append((image, nil, .invalidImageName(reason: reason)))
            case .failure(.unrepresentableHost(let domain)):
                pending.append(
                    (image, nil, .unverifiable(reason: "regprobe cannot check a registry host written like \(domain)")))
            case .success(let pull):
                pending.append((image, pulls.count, nil))
                pulls.append(pull)
            }
        }
        let verdicts = await checker.run(pulls.map(\.item)).attempts
        for item in pending {
            guard let check = item.check else {
                results.append(.init(image: item.image, candidates: [], attempts: [], prediction: item.prediction!))
                continue
            }
            let pull = pulls[check]
            results.append(
                .init(
                    image: item.image, candidates: pull.candidates, attempts: verdicts[check],
                    prediction: PullPlan.outcome(of: pull.pullAttempts(verdicts[check]))))
        }
        return SecretReport(secrets: secrets, problems: documents.problems, logins: loginVerdicts, images: results)
    }
}
