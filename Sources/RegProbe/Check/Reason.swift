/// Why a check ended as it did: one stable code per rule, finer than the status word (several reasons share a
/// status). Scripts and the JSON output (`reason`) may match on these; the wording of `message` may change, these
/// do not. Each is set where the rule is decided, never rewritten afterwards.
public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
    // exists
    case found
    // before any request
    case invalidReference = "invalid-reference"
    case credentialHelperFailed = "credential-helper-failed"
    case unsafeCredential = "unsafe-credential"
    /// `scan` / `secret`: decided by Kubernetes' rules (an image kubelet cannot parse, a Secret it cannot decode,
    /// an object the API server refuses); nothing was asked of a registry.
    case kubernetesRule = "kubernetes-rule"
    // no HTTP answer (TransportError)
    case hostUnresolved = "host-unresolved"
    case connectionRefused = "connection-refused"
    case timeout
    case connectionFailed = "connection-failed"
    /// A port above 65535 (a name read as kubelet reads it): nothing to connect to, nothing sent.
    case invalidPort = "invalid-port"
    case tlsFailed = "tls-failed"
    case tooManyRedirects = "too-many-redirects"
    case redirectDowngrade = "redirect-downgrade"
    case headersTooLarge = "headers-too-large"
    case answerUnreadable = "answer-unreadable"
    case unsafeHeaderValue = "unsafe-header-value"
    // the ping
    case notARegistry = "not-a-registry"
    case noUsableChallenge = "no-usable-challenge"
    case unsupportedAuthScheme = "unsupported-auth-scheme"
    // the token server
    case realmUnusable = "realm-unusable"
    case plainHTTPRealmRefused = "plain-http-realm-refused"
    case anonymousRefused = "anonymous-refused"
    case credentialsRejected = "credentials-rejected"
    case tokenMissing = "token-missing"
    case tokenTooLarge = "token-too-large"
    case unsafeToken = "unsafe-token"
    case tokenServerError = "token-server-error"
    // the manifest
    case nameUnknown = "name-unknown"
    case manifestUnknown = "manifest-unknown"
    case notFound = "not-found"
    case accessDenied = "access-denied"
    case tokenLacksPull = "token-lacks-pull"
    case rateLimited = "rate-limited"
    case registryError = "registry-error"
    case unexpectedStatus = "unexpected-status"
    case manifestTooLarge = "manifest-too-large"
    case notAManifest = "not-a-manifest"
    case manifestNotJSON = "manifest-not-json"
    case unsupportedDigest = "unsupported-digest"
    case digestMismatch = "digest-mismatch"
    // --platform
    case platformMissing = "platform-missing"
    case indexUnparseable = "index-unparseable"
    case manifestUnparseable = "manifest-unparseable"
    case configWithoutPlatform = "config-without-platform"
    // --deep
    case manifestMissing = "manifest-missing"
    case manifestSizeMismatch = "manifest-size-mismatch"
    case blobMissing = "blob-missing"
    case blobSizeMismatch = "blob-size-mismatch"
    case storageRefused = "storage-refused"
    case storageUnreachable = "storage-unreachable"
    case notAnImage = "not-an-image"
    case noPlatformInIndex = "no-platform-in-index"
    // The hosts directory (`--hosts-dir`): containerd would stop before any request, or no host may be asked.
    case hostsConfigUnusable = "hosts-config-unusable"

    /// The reason a transport failure (no HTTP answer) stands for.
    static func of(_ error: TransportError) -> Reason {
        switch error.refusal {
        case .downgradeToPlainHTTP: return .redirectDowngrade
        case .unsafeHeaderValue: return .unsafeHeaderValue
        case nil: break
        }
        switch (error.kind, error.code) {
        case (.tls, _): return .tlsFailed
        case (.protocolViolation, _): return .headersTooLarge  // the one curl error read as a violation (56)
        case (_, 6): return .hostUnresolved
        case (_, 7): return .connectionRefused
        case (_, 28): return .timeout
        case (_, 47): return .tooManyRedirects
        case (_, 8), (_, 27), (_, 100): return .answerUnreadable
        default: return .connectionFailed
        }
    }
}
