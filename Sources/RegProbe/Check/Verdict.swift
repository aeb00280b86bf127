/// The answer for one image: one status word, the rule that decided it, and what was found or why not.
/// A registry's "no" is a `Verdict`, never a thrown error. The next step for the user (the hint, which names CLI
/// flags) is wording, not a fact: the CLI derives it from `status`, `reason`, `reference` and `credentialSource`.
public struct Verdict: Sendable {
    /// The image as the user wrote it.
    public var image: String
    /// The parsed reference; nil for `invalid-reference`.
    public var reference: ImageReference?
    public var status: Status
    /// The rule that decided the status (`Reason`): stable, for scripts and JSON's `reason`.
    public var reason: Reason
    /// The HTTP status of the answer the verdict rests on, if one came.
    public var httpStatus: Int?
    public var digest: String?
    public var mediaType: String?
    public var size: Int?
    /// What happened, with the registry's own words where it gave some. Never a secret.
    public var message: String
    /// Which credentials were used (never the secret).
    public var credentialSource: CredentialSource
    public var registryErrors: [DistributionError]
    public var rateLimit: RateLimit?
    /// Things worth knowing that do not change the status.
    public var notes: [String]
    /// The registry's own `Warning: 299` texts (deprecations, notices).
    public var warnings: [String]
    /// With `--platform`: the platforms of the index (or the one of the image) that was read.
    public var platforms: [String]?
    /// What the check was asked to prove: that the manifest answers (default), or that everything a pull fetches is
    /// there (`--deep`), whether or not it got that far.
    public var depth: PullDepth
    /// `--deep`: what was verified and what failed.
    public var deep: DeepSummary?
    /// With `--hosts-dir`: the host that answered (a mirror, `server`, or the registry itself), as its API root.
    public var endpoint: String?
    /// With `--hosts-dir`: the hosts asked before it, or all of them when none answered, each with why it was left.
    public var endpointsTried: [EndpointAttempt]

    public init(
        image: String, reference: ImageReference?, status: Status, reason: Reason, httpStatus: Int? = nil,
        digest: String? = nil,
        mediaType: String? = nil, size: Int? = nil, message: String,
        credentialSource: CredentialSource = .anonymous, registryErrors: [DistributionError] = [],
        rateLimit: RateLimit? = nil, notes: [String] = [], warnings: [String] = [], platforms: [String]? = nil,
        depth: PullDepth = .manifest, deep: DeepSummary? = nil, endpoint: String? = nil,
        endpointsTried: [EndpointAttempt] = []
    ) {
        self.image = image
        self.reference = reference
        self.status = status
        self.reason = reason
        self.httpStatus = httpStatus
        self.digest = digest
        self.mediaType = mediaType
        self.size = size
        self.message = message
        self.credentialSource = credentialSource
        self.registryErrors = registryErrors
        self.rateLimit = rateLimit
        self.notes = notes
        self.warnings = warnings
        self.platforms = platforms
        self.depth = depth
        self.deep = deep
        self.endpoint = endpoint
        self.endpointsTried = endpointsTried
    }
}
