/// Resolves a pod's image pull secrets the way the ServiceAccount admission plugin and kubelet do, against the
/// Secrets and ServiceAccounts regprobe was given (manifests and `--secret` files). Rules R4.x:
/// `docs/kubelet-credentials.md`.
public struct PullSecretResolver: Sendable {
    private let secrets: [SecretKey: PullSecret]
    private let secretNamespaces: [String: [String]]
    private let serviceAccounts: [SecretKey: ServiceAccountRef]

    private struct SecretKey: Hashable, Sendable {
        let namespace: String
        let name: String
    }

    /// When several secrets (or ServiceAccounts) share a namespace and name, the last one wins, as the last
    /// `kubectl apply` of them would.
    public init(secrets: [PullSecret], serviceAccounts: [ServiceAccountRef] = []) {
        var byKey: [SecretKey: PullSecret] = [:]
        var namespaces: [String: [String]] = [:]
        for secret in secrets {
            byKey[SecretKey(namespace: secret.namespace, name: secret.name)] = secret
            if !(namespaces[secret.name] ?? []).contains(secret.namespace) {
                namespaces[secret.name, default: []].append(secret.namespace)
            }
        }
        self.secrets = byKey
        self.secretNamespaces = namespaces
        var accounts: [SecretKey: ServiceAccountRef] = [:]
        for account in serviceAccounts {
            accounts[SecretKey(namespace: account.namespace, name: account.name)] = account
        }
        self.serviceAccounts = accounts
    }

    /// The credentials of the pod `container` belongs to.
    public func credentials(for container: ContainerSpec) -> PodCredentials {
        credentials(
            namespace: container.namespace, imagePullSecrets: container.imagePullSecrets,
            serviceAccountName: container.serviceAccountName)
    }

    /// The credentials of a pod in `namespace` with these `imagePullSecrets` (nil when absent) and ServiceAccount.
    public func credentials(namespace: String, imagePullSecrets: [String]?, serviceAccountName: String = "default")
        -> PodCredentials
    {
        var warnings: [PodCredentialWarning] = []
        var names = imagePullSecrets ?? []
        var fromServiceAccount: String?
        // R4.2: replace-if-empty, not a merge; the ServiceAccount of the pod's own namespace only.
        if names.isEmpty {
            if let account = serviceAccounts[SecretKey(namespace: namespace, name: serviceAccountName)] {
                if !account.imagePullSecrets.isEmpty {
                    names = account.imagePullSecrets
                    fromServiceAccount = account.name
                }
            } else {
                warnings.append(
                    PodCredentialWarning(
                        code: .serviceAccountNotFound, names: [serviceAccountName],
                        message:
                            "the pod lists no imagePullSecrets and ServiceAccount \(namespace)/\(serviceAccountName) "
                            + "is not among the inputs; if it has imagePullSecrets in the cluster, the admission plugin "
                            + "copies them into the pod (R4.2), and regprobe cannot see them"))
            }
        }

        // R4.1: in order, empty names skipped, only the pod's namespace searched; missing ones are skipped with
        // a Warning event and the pull goes on.
        var found: [PullSecret] = []
        var missing: [String] = []
        var details: [String] = []
        for name in names where !name.isEmpty {
            guard let secret = secrets[SecretKey(namespace: namespace, name: name)] else {
                missing.append(name)
                let elsewhere = (secretNamespaces[name] ?? []).filter { $0 != namespace }
                if !elsewhere.isEmpty {
                    details.append(
                        "secret \(String(reflecting: name)) exists in namespace"
                            + "\(elsewhere.count > 1 ? "s" : "") \(elsewhere.joined(separator: ", ")), but the pod is in "
                            + "\(namespace) and kubelet looks only there")
                } else {
                    details.append(
                        "secret \(String(reflecting: name)) is not among the inputs (it may exist in the cluster, "
                            + "or be given as a Secret document)")
                }
                continue
            }
            if secret.isRejectedByAPIServer {
                // §10: the API server refuses it, so it never exists for kubelet to get.
                missing.append(name)
                details.append("secret \(namespace)/\(name) would be refused by the API server, so it would not exist")
                continue
            }
            found.append(secret)
        }
        if !missing.isEmpty {
            warnings.append(
                PodCredentialWarning(
                    code: .failedToRetrieveImagePullSecret, names: missing,
                    message:
                        "Unable to retrieve some image pull secrets (\(missing.joined(separator: ", "))); attempting "
                        + "to pull the image may not succeed. (" + details.joined(separator: "; ") + ")"))
        }
        var ignored: [String] = []
        for secret in found where secret.kubeletError == nil && (!secret.isUsedByKubelet || secret.isIgnoredByKubelet) {
            if !ignored.contains(secret.name) { ignored.append(secret.name) }
        }
        if !ignored.isEmpty {
            warnings.append(
                PodCredentialWarning(
                    code: .secretIgnored, names: ignored,
                    message: "kubelet gets no usable registry entry from "
                        + ignored.map { "\(namespace)/\($0)" }.joined(separator: ", ")
                        + " (wrong type or shape, see the secret's findings; R4.3, R5.1, R5.2)"))
        }

        // R5.5: the first secret kubelet cannot decode fails the whole keyring.
        let keyringError = found.first { $0.breaksEveryPull }.map { secret in
            "secret \(secret.qualifiedName): \(secret.kubeletError ?? "")"
        }
        return PodCredentials(
            namespace: namespace, secretNames: names, fromServiceAccount: fromServiceAccount,
            secrets: found, keyring: KubeletKeyring(secrets: found), warnings: warnings,
            keyringError: keyringError)
    }
}
