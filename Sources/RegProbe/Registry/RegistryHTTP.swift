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
        maxBodyBytes: Int = 64 * 1024, followRedirects: Bool = true, deadline: ContinuousClock.Instant
    ) async throws(TransportError) -> HTTPResponse {
        let policy = options.retry
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Result<HTTPResponse, TransportError>
            do {
                outcome = .success(
                    try await once(
                        method, url, headers: headers, body: body, maxBodyBytes: maxBodyBytes,
                        followRedirects: followRedirects, deadline: deadline))
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
            options.log?(
                "retrying \(method.rawValue) \(url) in \(ms) ms (attempt \(attempt + 1) of \(policy.maxRetries + 1))")
            try? await Task.sleep(for: wait)
        }
    }

    /// One request and the redirect hops `RedirectPolicy` lets it follow. Each hop is counted, logged, and sent
    /// with its own host's TLS options and the time left.
    private func once(
        _ method: HTTPRequest.Method, _ url: String, headers: HTTPHeaders, body: [UInt8]?,
        maxBodyBytes: Int, followRedirects: Bool, deadline: ContinuousClock.Instant
    ) async throws(TransportError) -> HTTPResponse {
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body, maxBodyBytes: maxBodyBytes)
        guard followRedirects else { return try await sendHop(request, shownAs: url, deadline: deadline) }
        let redirects = RedirectPolicy(allowsDowngrade: options.plainHTTP)
        return try await redirects.follow(request) { hop async throws(TransportError) -> HTTPResponse in
            // A hop's URL came from a server: its query may be a storage signature, so `-v` shows it without.
            try await sendHop(hop, shownAs: hop.url == url ? url : RequestURL.withoutQuery(hop.url), deadline: deadline)
        }
    }

    private func sendHop(
        _ hop: HTTPRequest, shownAs shown: String, deadline: ContinuousClock.Instant
    ) async throws(TransportError) -> HTTPResponse {
        let left = deadline - ContinuousClock.now
        let leftMs = Int(left.components.seconds) * 1000 + Int(left.components.attoseconds / 1_000_000_000_000_000)
        let line = "\(hop.method.rawValue) \(shown)"
        guard leftMs > 0 else {
            throw TransportError(
                kind: .network, code: 28,
                message: "the time limit for this check was reached before \(line)",
                url: hop.url)
        }
        var request = hop
        request.timeoutMilliseconds = leftMs
        request.connectTimeoutMilliseconds = Int(options.connectTimeoutSeconds * 1000)
        request.tls = tls.options(for: hop.url)
        counter.count(hop.url)
        do {
            let response = try await transport.send(request)
            let moved =
                RedirectPolicy.redirectStatuses.contains(response.status)
                ? response.headers["Location"].map { " Location: \(RequestURL.withoutQuery($0))" } ?? "" : ""
            options.log?(
                "\(line) -> \(response.status)\(moved) (\(response.elapsedMilliseconds) ms, HTTP/\(response.httpVersion))"
            )
            return response
        } catch {
            options.log?("\(line) -> failed: \(error.message)")
            throw error
        }
    }
}
