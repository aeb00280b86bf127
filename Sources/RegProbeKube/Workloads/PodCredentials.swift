/// The pull credentials of one pod, as kubelet assembles them (R4.1, R4.2, R5.5, R6).
public struct PodCredentials: Sendable, Hashable {
    public let namespace: String
    /// The secret names kubelet looks up, in order: the pod's `imagePullSecrets`, or the ServiceAccount's when the
    /// pod lists none (R4.2).
    public let secretNames: [String]
    /// The ServiceAccount whose `imagePullSecrets` were used; nil when they are the pod's own.
    public let fromServiceAccount: String?
    /// The secrets kubelet gets, in `secretNames` order (a name listed twice appears twice).
    public let secrets: [PullSecret]
    /// The keyring built from ``secrets`` in order.
    public let keyring: KubeletKeyring
    public let warnings: [PodCredentialWarning]
    /// R5.5: when a secret kubelet gets cannot be decoded, every pull of the pod fails with this error (naming
    /// the secret; no secret bytes).
    public let keyringError: String?

    public init(
        namespace: String, secretNames: [String], fromServiceAccount: String?, secrets: [PullSecret],
        keyring: KubeletKeyring, warnings: [PodCredentialWarning], keyringError: String?
    ) {
        self.namespace = namespace
        self.secretNames = secretNames
        self.fromServiceAccount = fromServiceAccount
        self.secrets = secrets
        self.keyring = keyring
        self.warnings = warnings
        self.keyringError = keyringError
    }

    /// No secrets: every image is pulled anonymously (unless node credentials apply, R6.5).
    public static func none(namespace: String) -> PodCredentials {
        PodCredentials(
            namespace: namespace, secretNames: [], fromServiceAccount: nil, secrets: [],
            keyring: KubeletKeyring(), warnings: [], keyringError: nil)
    }
}
