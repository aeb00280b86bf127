/// The one word each image's check ends in. Stable: scripts and the JSON output match on these.
public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
    /// The manifest is there and these credentials may pull it.
    case exists
    /// The registry says the repository or the tag/digest is not there (404, MANIFEST_UNKNOWN, NAME_UNKNOWN).
    case notFound = "not-found"
    /// No credentials where some are needed, or the credentials were rejected.
    case unauthorized
    /// The credentials were accepted but give no pull access to this repository (403 / DENIED, or a token
    /// granted without the pull action).
    case denied
    /// 429: the registry's rate limit.
    case rateLimited = "rate-limited"
    /// The reference does not parse; nothing was sent.
    case invalidReference = "invalid-reference"
    /// DNS, connection refused or reset, timeout, proxy.
    case networkError = "network-error"
    /// Certificate or TLS handshake.
    case tlsError = "tls-error"
    /// 5xx, or an answer that does not follow the protocol (wrong digest, not a manifest, no usable challenge).
    case serverError = "server-error"
    /// The image exists but not for the requested platform (a later issue).
    case platformMissing = "platform-missing"
    /// `--deep`: a piece a pull needs is missing or wrong: a child manifest, the config or a layer blob, or the
    /// manifest by the digest its tag resolves to.
    case incomplete
    /// `--deep`: the manifest describes an artifact (a Helm chart, a signature, an SBOM), not an image a
    /// container runtime can unpack.
    case notAnImage = "not-an-image"

    public var isSuccess: Bool { self == .exists }
}
