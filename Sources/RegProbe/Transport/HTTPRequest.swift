/// One HTTP request as regprobe sends it. Credentials travel only in `headers["Authorization"]`,
/// which `RedirectPolicy` drops when a redirect leaves the origin it was made for.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", head = "HEAD", post = "POST" }

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

/// How a TLS peer is verified.
public struct TLSOptions: Sendable, Hashable {
    /// Extra CA bundle (PEM), trusted in addition to the system's.
    public var caFile: String?
    /// Skip certificate and host name verification (`--insecure`).
    public var insecure: Bool

    public init(caFile: String? = nil, insecure: Bool = false) {
        self.caFile = caFile
        self.insecure = insecure
    }
}
