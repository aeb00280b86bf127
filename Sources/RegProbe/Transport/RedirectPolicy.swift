/// Follows redirects for GET and HEAD, never sending an `Authorization` header to an origin other than
/// the one it was made for (scheme, host and port), and never more than `maxRedirects` hops.
///
/// libcurl would drop custom `Authorization` headers on a cross-host redirect too, but doing it here keeps the
/// rule in one visible, tested place.
public struct RedirectPolicy: HTTPTransport {
    public let base: any HTTPTransport
    public let maxRedirects: Int

    public init(base: any HTTPTransport, maxRedirects: Int = 5) {
        self.base = base
        self.maxRedirects = maxRedirects
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var current = request
        let origin = RequestURL(request.url)?.origin
        for _ in 0...maxRedirects {
            let response = try await base.send(current)
            guard [301, 302, 303, 307, 308].contains(response.status), current.method != .post,
                  let location = response.headers["Location"],
                  let next = RequestURL(current.url)?.resolving(location)
            else { return response }
            if next.origin != origin {
                current.headers.remove("Authorization")
            }
            current.url = next.string
        }
        throw TransportError(kind: .network, code: 47,
                             message: "too many redirects (more than \(maxRedirects)) starting at \(request.url)",
                             url: request.url)
    }
}
