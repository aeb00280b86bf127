/// Follows redirects for GET and HEAD, one hop at a time through a `send` the caller gives (so every hop is
/// counted and shown in `-v`), with three rules:
/// - an `Authorization` header never goes to an origin (scheme, host, port) other than the one it was made for;
/// - an HTTPS request is never redirected to plain HTTP, unless `--plain-http` allows plain HTTP anywhere: a
///   downgrade would hand the answer (and whatever the next hop asks for) to anyone on the path;
/// - at most `maxRedirects` hops.
///
/// libcurl would drop custom `Authorization` headers on a cross-host redirect too, but doing it here keeps the
/// rules in one visible, tested place. https://www.rfc-editor.org/rfc/rfc9110#section-15.4
public struct RedirectPolicy: Sendable {
    public let maxRedirects: Int
    /// `--plain-http`: plain HTTP is allowed anywhere, so an HTTPS → HTTP redirect is followed too.
    public let allowsDowngrade: Bool

    public init(maxRedirects: Int = 5, allowsDowngrade: Bool = false) {
        self.maxRedirects = maxRedirects
        self.allowsDowngrade = allowsDowngrade
    }

    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Sends `request` with `send`, then each redirect hop it is allowed to follow; returns the last answer.
    public func follow(
        _ request: HTTPRequest, send: (HTTPRequest) async throws(TransportError) -> HTTPResponse
    ) async throws(TransportError) -> HTTPResponse {
        var current = request
        let origin = RequestURL(request.url)?.origin
        for _ in 0...maxRedirects {
            let response = try await send(current)
            guard let next = try nextHop(after: response, of: current, origin: origin) else { return response }
            current = next
        }
        throw TransportError(
            kind: .network, code: 47,
            message: "too many redirects (more than \(maxRedirects)) starting at \(request.url)",
            url: request.url)
    }

    /// The request for the next hop, nil when `response` is not a redirect to follow, or an error when it is one
    /// that must not be followed (a downgrade to plain HTTP).
    func nextHop(
        after response: HTTPResponse, of request: HTTPRequest,
        origin: String?
    ) throws(TransportError) -> HTTPRequest? {
        guard Self.redirectStatuses.contains(response.status), request.method != .post,
            let location = response.headers["Location"],
            let from = RequestURL(request.url), let next = from.resolving(location)
        else { return nil }
        if from.scheme == "https" && next.scheme == "http" && !allowsDowngrade {
            throw TransportError(
                kind: .protocolViolation, code: 0,
                message:
                    "an HTTPS request was redirected to plain HTTP (\(RequestURL.withoutQuery(next.string))); regprobe does not follow a "
                    + "downgrade",
                url: request.url, refusal: .downgradeToPlainHTTP)
        }
        var hop = request
        if next.origin != origin {
            hop.headers.remove("Authorization")
        }
        hop.url = next.string
        return hop
    }
}
