/// Something about a pod's pull secrets that kubelet would warn about, or that changes what it can use.
public struct PodCredentialWarning: Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// R4.1: referenced secrets kubelet cannot get (absent from the pod's namespace, or refused by the API
        /// server so never created). kubelet's Warning event has this reason, and the pull goes on without them.
        case failedToRetrieveImagePullSecret = "FailedToRetrieveImagePullSecret"
        /// R4.3 / R5.1 / R5.2: a referenced secret kubelet reads but gets no usable entry from.
        case secretIgnored = "secret-ignored"
        /// R4.2: the pod lists no pull secrets and its ServiceAccount is not among the inputs, so regprobe cannot
        /// see the secrets the admission plugin would copy from it.
        case serviceAccountNotFound = "service-account-not-found"
    }

    public let code: Code
    /// The secret (or ServiceAccount) names concerned.
    public let names: [String]
    /// For ``Code/failedToRetrieveImagePullSecret``: kubelet's own event message,
    /// `Unable to retrieve some image pull secrets (a, b); attempting to pull the image may not succeed.`,
    /// followed by what regprobe knows (exists in another namespace, refused by the API server); otherwise an
    /// explanation.
    public let message: String

    public init(code: Code, names: [String], message: String) {
        self.code = code
        self.names = names
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
