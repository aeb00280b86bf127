/// How a run talks to registries. Flags map onto these one to one.
public struct CheckOptions: Sendable {
    /// Time limit for one image's check, all its requests together (`--timeout`).
    public var timeoutSeconds: Double
    public var connectTimeoutSeconds: Double
    /// Extra CA bundle trusted beside the system's (`--ca-file`).
    public var caFile: String?
    /// Skip TLS verification (`--insecure`).
    public var insecure: Bool
    /// Allow plain HTTP to registries that are not on loopback (`--plain-http`).
    public var plainHTTP: Bool
    /// How many checks run at once (`--jobs`).
    public var jobs: Int
    public var userAgent: String
    /// Platforms every image must have (`--platform`, repeatable).
    public var platforms: [Platform] = []
    /// `--deep`: check everything a pull fetches (manifests by digest, index children, config and layer blobs).
    public var deep = false
    /// Retries of transient failures (`--retries`).
    public var retry: RetryPolicy
    /// Receives one line per request when `-v` is given. Lines never carry a credential.
    public var log: (@Sendable (String) -> Void)?

    public init(
        timeoutSeconds: Double = 30, connectTimeoutSeconds: Double = 10, caFile: String? = nil,
        insecure: Bool = false, plainHTTP: Bool = false, jobs: Int = 16,
        userAgent: String = "regprobe/\(RegProbeVersion.current)", retry: RetryPolicy = RetryPolicy(),
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.caFile = caFile
        self.insecure = insecure
        self.plainHTTP = plainHTTP
        self.jobs = jobs
        self.userAgent = userAgent
        self.retry = retry
        self.log = log
    }

    /// `--cert-dir DIR`: certs.d-style directory searched instead of /etc/containers/certs.d and /etc/docker/certs.d.
    public var certDirectory: String?
    /// `SSL_CERT_FILE`: a CA bundle that replaces the system's.
    public var sslCertFile: String?
}
