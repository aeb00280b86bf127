import RegProbe

/// One credential kubelet would hand to the runtime for an image (R6.3, R7.1), and where it came from.
public struct KeyringCandidate: Sendable, Hashable, CustomStringConvertible {
    /// Username and password (either may be empty; both empty is an anonymous attempt, R7.1).
    public let credential: Credential
    public let secretNamespace: String
    public let secretName: String
    /// The position of the secret among those added to the keyring (0-based; `imagePullSecrets` order).
    public let secretOrdinal: Int
    /// The registry key as written in the secret (userinfo hidden).
    public let key: String
    /// The keyring key it normalised to (R6.1).
    public let normalizedKey: String

    public init(
        credential: Credential, secretNamespace: String, secretName: String, secretOrdinal: Int, key: String,
        normalizedKey: String
    ) {
        self.credential = credential
        self.secretNamespace = secretNamespace
        self.secretName = secretName
        self.secretOrdinal = secretOrdinal
        self.key = KubeletKeyring.redactedKey(key)
        self.normalizedKey = KubeletKeyring.redactedKey(normalizedKey)
    }

    /// `secret ns/name (key K, user U)` for reports; never the password.
    public var source: CredentialSource {
        .pullSecret(namespace: secretNamespace, name: secretName, key: key, username: credential.username)
    }

    /// Empty username and password: containerd makes an anonymous request with it (R7.1).
    public var isEmptyCredential: Bool { credential.username.isEmpty && credential.password.isEmpty }

    public var description: String { source.description }
}
