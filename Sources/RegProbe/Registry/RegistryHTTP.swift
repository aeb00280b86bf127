/// Sends the protocol's requests: applies the time budget, TLS options and body caps, and logs each request
/// (method, URL, status, time) for `-v`. URLs carry no secrets here (the token request's query holds only
/// `service` and `scope`), and headers are never logged.
struct RegistryHTTP: Sendable {
    let transport: any HTTPTransport
    let options: CheckOptions
    let counter: RequestCounter

    func send(
        _ method: HTTPRequest.Method, _ url: String, headers: HTTPHeaders = HTTPHeaders(),
        maxBodyBytes: Int = 64 * 1024, deadline: ContinuousClock.Instant
    ) async throws(TransportError) -> HTTPResponse {
        let left = deadline - ContinuousClock.now
        let leftMs = Int(left.components.seconds) * 1000 + Int(left.components.attoseconds / 1_000_000_000_000_000)
        guard leftMs > 0 else {
            throw TransportError(kind: .network, code: 28,
                                 message: "time limit of \(options.timeoutSeconds) s reached before \(method.rawValue) \(url)",
                                 url: url)
        }
        let request = HTTPRequest(
            method: method, url: url, headers: headers, maxBodyBytes: maxBodyBytes,
            timeoutMilliseconds: leftMs, connectTimeoutMilliseconds: Int(options.connectTimeoutSeconds * 1000),
            tls: options.tls)
        counter.count(url)
        do {
            let response = try await transport.send(request)
            options.log?("\(method.rawValue) \(url) -> \(response.status) (\(response.elapsedMilliseconds) ms, HTTP/\(response.httpVersion))")
            return response
        } catch {
            options.log?("\(method.rawValue) \(url) -> failed: \(error.message)")
            throw error
        }
    }
}
