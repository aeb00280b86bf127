/// One HTTP request as regprobe sends it. Credentials travel only in `headers["Authorization"]`,
/// which `RedirectPolicy` drops when a redirect leaves the origin it was made for.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case head = "HEAD"
        case post = "POST"
    }

    public var method: Method
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    /// The response body is kept up to this many bytes; the rest is dropped and `HTTPResponse.bodyTruncated` set.
    public var maxBodyBytes: Int
    /// Whole-request time limit, milliseconds.
    public var timeoutMilliseconds: Int
    public var connectTimeoutMilliseconds: Int
    public var tls: TLSOptions

    public init(
        method: Method,
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8]? = nil,
        maxBodyBytes: Int = 64 * 1024,
        timeoutMilliseconds: Int = 30_000,
        connectTimeoutMilliseconds: Int = 10_000,
        tls: TLSOptions = TLSOptions()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.maxBodyBytes = maxBodyBytes
        self.timeoutMilliseconds = timeoutMilliseconds
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.tls = tls
    }
}

/// How a TLS peer is verified, and with which client certificate, for one request.
public struct TLSOptions: Sendable, Hashable {
    /// Skip certificate and host name verification (`--insecure`).
    public var insecure: Bool
    /// CA certificates (PEM) to trust besides the system's (or instead of them, without `systemCADirectory`).
    public var caBundle: [UInt8]?
    /// The system's hashed CA directory (`/etc/ssl/certs`), used instead of libcurl's bundle file. With neither
    /// this nor `caBundle`, libcurl's defaults apply.
    public var systemCADirectory: String?
    /// A client certificate and its key (PEM files), for registries that require one.
    public var clientCertificate: String?
    public var clientKey: String?

    public init(
        insecure: Bool = false, caBundle: [UInt8]? = nil, systemCADirectory: String? = nil,
        clientCertificate: String? = nil, clientKey: String? = nil
    ) {
        self.insecure = insecure
        self.caBundle = caBundle
        self.systemCADirectory = systemCADirectory
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }
}
