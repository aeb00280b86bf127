/// What came back for one request: a status, every header, and a body capped at the request's limit.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// True when the body was longer than the request allowed and the rest was dropped.
    public var bodyTruncated: Bool
    /// The URL that answered (after redirects).
    public var url: String
    public var httpVersion: String
    /// Wall time of the request, milliseconds.
    public var elapsedMilliseconds: Int

    public init(
        status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], bodyTruncated: Bool = false,
        url: String = "", httpVersion: String = "1.1", elapsedMilliseconds: Int = 0
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.url = url
        self.httpVersion = httpVersion
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
