/// How far a check went: `manifest` (the default: the manifest answers) or `pull` (`--deep`: everything a pull
/// fetches is there and is what it claims).
public enum PullDepth: String, Sendable, Hashable, Codable {
    case manifest
    case pull
}

/// What a deep check verified, and what failed (each named: which manifest or blob, and what was answered).
public struct DeepSummary: Sendable, Hashable {
    public var manifestsVerified: Int
    public var blobsVerified: Int
    /// Foreign or non-distributable layers (with `urls`): noted, not checked.
    public var blobsSkipped: Int
    public var failures: [String]

    public init(manifestsVerified: Int = 0, blobsVerified: Int = 0, blobsSkipped: Int = 0, failures: [String] = []) {
        self.manifestsVerified = manifestsVerified
        self.blobsVerified = blobsVerified
        self.blobsSkipped = blobsSkipped
        self.failures = failures
    }
}
