/// One image to check, and the credentials to try for it, in order.
///
/// Credentials are a provider of ordered attempts per image: the `Checker`'s `CredentialResolver` (flags, a docker
/// config, credential helpers) gives one; kubelet's keyring gives the pod's candidates, tried in kubelet's order, the
/// first that finds the image winning, with no anonymous retry after them (docs/kubelet-credentials.md R7.1).
public struct CheckItem: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// An image as written, parsed with distribution's grammar (`ImageReference.parse`).
        case image(String)
        /// A reference already parsed (kubelet's reading of a name: `ImageReference.parseAsNormalizedNamed`).
        case reference(ImageReference)
    }

    public let target: Target
    /// The attempts, in order; empty: one anonymous check. nil: the `Checker`'s `CredentialResolver` picks them.
    public let attempts: [CredentialAttempt]?

    /// An image whose credentials the `Checker`'s `CredentialResolver` picks.
    public init(image: String) {
        self.target = .image(image)
        self.attempts = nil
    }

    /// A reference with the credentials to try, in order (empty: one anonymous check).
    public init(reference: ImageReference, attempts: [CredentialAttempt]) {
        self.target = .reference(reference)
        self.attempts = attempts
    }
}
