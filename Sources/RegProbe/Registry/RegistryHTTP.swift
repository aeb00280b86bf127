/// Sends the protocol's requests: applies the time budget, TLS options and body caps, and logs each request
/// (method, URL, status, time) for `-v`. URLs carry no secrets here (the token request's query holds only
/// `service` and `scope`), and headers are never logged.
struct RegistryHTTP: Sendable {
    let transport: any HTTPTransport
    let options: CheckOptions
    let counter: RequestCounter
    let tls: TLSConfiguration

    /// Sends one request, retrying transient failures as `RetryPolicy` says, within the deadline.
    func send(
        _ method: HTTPRequest.Method, _ url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]? = nil,
        maxBodyBytes: Int = 64 * 1024, deadline: ContinuousClock.Instant
    ) async throws(TransportError) -> HTTPResponse {
        let policy = options.retry
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Result<HTTPResponse, TransportError>
            do {
                outcome = .success(try await once(method, url, headers: headers, body: body, maxBodyBytes: maxBodyBytes, deadline: deadline))
            } catch {
                outcome = .failure(error)
            }
            let retryAfter: String?
            switch outcome {
            case .success(let response) where policy.isTransient(status: response.status):
                retryAfter = response.headers["Retry-After"]
            case .failure(let error) where policy.isTransient(error):
                retryAfter = nil
            default:
                return try outcome.get()
            }
            guard attempt <= policy.maxRetries else { return try outcome.get() }
            // No retry when the server asks for a longer wait than the cap, or the wait does not fit the deadline.
            guard let wait = policy.delay(attempt: attempt, retryAfter: retryAfter, random: Double.random(in: 0..<1)),
                  ContinuousClock.now + wait + .milliseconds(100) < deadline
            else { return try outcome.get() }
            let ms = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
            options.log?("retrying \(method.rawValue) \(url) in \(ms) ms (attempt \(attempt + 1) of \(policy.maxRetries + 1))")
            try? await Task.sleep(for: wait)
        }
    }

    private func once(
        _ method: HTTPRequest.Method, _ url: String, headers: HTTPHeaders, body: [UInt8]?,
        maxBodyBytes: Int, deadline: ContinuousClock.Instant
    ) async throws(TransportError) -> HTTPResponse {
        let left = deadline - ContinuousClock.now
        let leftMs = Int(left.components.seconds) * 1000 + Int(left.components.attoseconds / 1_000_000_000_000_000)
        guard leftMs > 0 else {
            throw TransportError(kind: .network, code: 28,
                                 message: "time limit of \(options.timeoutSeconds) s reached before \(method.rawValue) \(url)",
                                 url: url)
        }
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: body, maxBodyBytes: maxBodyBytes,
            timeoutMilliseconds: leftMs, connectTimeoutMilliseconds: Int(options.connectTimeoutSeconds * 1000),
            tls: tls.options(for: url))
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
