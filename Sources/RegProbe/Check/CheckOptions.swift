/// How a run talks to registries (TLS, plain HTTP, retries, concurrency, logging). Flags map onto these one to one.
/// What each check must prove is a `CheckRequest`.
public struct CheckOptions: Sendable {
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
    /// Retries of transient failures (`--retries`).
    public var retry: RetryPolicy
    /// Receives one line per request when `-v` is given. Lines never carry a credential.
    public var log: (@Sendable (String) -> Void)?

    public init(
        connectTimeoutSeconds: Double = 10, caFile: String? = nil,
        insecure: Bool = false, plainHTTP: Bool = false, jobs: Int = 16,
        userAgent: String = "regprobe/\(RegProbeVersion.current)", retry: RetryPolicy = RetryPolicy(),
        log: (@Sendable (String) -> Void)? = nil
    ) {
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
    /// `--hosts-dir DIR`: route each registry's requests as containerd does with this hosts directory (mirrors,
    /// `server`, capabilities, TLS files, headers), as on a node's `/etc/containerd/certs.d`.
    public var hostsDirectory: String?
    /// `SSL_CERT_FILE`: a CA bundle that replaces the system's.
    public var sslCertFile: String?
}
