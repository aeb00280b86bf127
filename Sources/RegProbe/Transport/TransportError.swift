/// A request that got no HTTP answer: the connection, DNS, TLS or a timeout failed.
/// (An HTTP error status is not a `TransportError`: it is an answer.)
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// DNS, refused, reset, timeout, proxy: maps to the `network-error` status.
        case network
        /// Certificate or handshake: maps to the `tls-error` status.
        case tls
        /// An answer that breaks the protocol or a safety rule (response headers past curl's cap, an HTTPS
        /// request redirected to plain HTTP, a header value with control characters): maps to `server-error`, never
        /// retried.
        case protocolViolation
        /// A bug or misuse on our side (bad option, out of memory).
        case `internal`
    }

    public let kind: Kind
    /// libcurl's `CURLcode`, or 0 when the error did not come from curl.
    public let code: Int
    /// curl's own text, e.g. "Failed to connect to 127.0.0.1 port 1: Connection refused".
    public let message: String
    public let url: String
    /// Set when regprobe itself refused to go on (no curl error): which rule refused.
    public let refusal: Refusal?

    /// The rules under which regprobe refuses a request or an answer itself (`protocolViolation`).
    public enum Refusal: Sendable, Hashable {
        /// An HTTPS request redirected to plain HTTP (`RedirectPolicy`).
        case downgradeToPlainHTTP
        /// A header value with control characters (`CurlEngine`).
        case unsafeHeaderValue
    }

    public init(kind: Kind, code: Int, message: String, url: String, refusal: Refusal? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.url = url
        self.refusal = refusal
    }

    public var isTimeout: Bool { code == 28 }

    public var description: String { "\(message) (curl error \(code))" }
}
