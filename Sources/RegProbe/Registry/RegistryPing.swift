/// Step 1 of the handshake: `GET /v2/` without credentials. 200 means no auth; 401 carries the challenges.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#determining-support,
/// https://distribution.github.io/distribution/spec/auth/token/
///
/// HTTPS, with two exceptions. `--plain-http` speaks plain HTTP to every registry. A loopback registry is asked over
/// plain HTTP first and taken there when it answers like a registry (200, 401 with a challenge, 403); otherwise over
/// HTTPS. Docker and crane try HTTPS first on loopback too, but a local registry is nearly always plain HTTP
/// (`registry:2` on localhost:5000, kind's), and the TLS attempt costs a cold check about a fifth of its time and
/// 1.5 MiB (OpenSSL's setup, measured: README, Performance); a TLS registry on loopback pays one refused plain request
/// instead (it answers 400 to it). The plain request carries no credentials, and loopback traffic does not leave the
/// machine.
enum RegistryPing {
    static func endpoint(
        of registry: RegistryHost, http: RegistryHTTP, deadline: ContinuousClock.Instant
    ) async -> Result<RegistryEndpoint, Problem> {
        // A port above 65535 (only a name read as kubelet reads it has one): nothing to connect to, nothing sent.
        if let port = registry.outOfRangePort {
            return .failure(
                Problem(
                    .networkError, .invalidPort,
                    message: "not connecting to \(registry): port \(port) is above "
                        + "65535, the largest TCP port, so no connection can be made to it (Go's resolver, which the "
                        + "container runtime dials through, fails with \"address \(port): invalid port\"); nothing was sent"
                ))
        }
        let authority = registry.dialAuthority
        if http.options.plainHTTP {
            return await ping(registry, "http://\(authority)", http: http, deadline: deadline)
        }
        guard registry.isLoopback else {
            return await ping(registry, "https://\(authority)", http: http, deadline: deadline)
        }
        let plain = await ping(registry, "http://\(authority)", http: http, deadline: deadline)
        if case .success = plain { return plain }
        let secure = await ping(registry, "https://\(authority)", http: http, deadline: deadline)
        return loopbackAnswer(plain: plain, secure: secure)
    }

    /// A host of a hosts directory (`--hosts-dir`): its scheme and path are given. containerd does not ping; the
    /// challenge is read from `GET <path>/`, and any HTTP answer without one (a 404 under an `override_path`, a 403)
    /// leaves the requests to decide, as containerd's own requests would. Only no answer at all fails here.
    static func endpoint(
        of route: HostsRoute, http: RegistryHTTP, deadline: ContinuousClock.Instant
    ) async -> Result<RegistryEndpoint, Problem> {
        let root = route.endpoint.path.hasSuffix("/") ? route.endpoint.path : route.endpoint.path + "/"
        guard let base = route.endpoint.url, let url = base.replacingPath(root) else {
            return .failure(
                Problem(
                    .networkError, .connectionFailed,
                    message: "the hosts directory names \(route.display), which is no URL a request can go to"))
        }
        let response: HTTPResponse
        do {
            response = try await http.send(.get, url.string, headers: route.headers, deadline: deadline)
        } catch {
            return .failure(Problem(doing: "connecting to \(route.display) (GET \(url))", transport: error))
        }
        let challenges = AuthChallenge.parse(headerValues: response.headers.values("WWW-Authenticate"))
        let challenge = response.status == 401 ? AuthChallenge.preferred(challenges) : nil
        return .success(RegistryEndpoint(base: base, challenge: challenge, route: route))
    }

    /// Which of a loopback registry's two pings to believe once plain HTTP did not answer like a registry:
    /// HTTPS's result, unless HTTPS got no TLS answer (tls or network error) while plain HTTP got an HTTP answer
    /// other than 400, the one a TLS port gives to a plain request. Then the port speaks plain HTTP, and its
    /// answer (a web server's 404, a 503) says more than "wrong version number".
    static func loopbackAnswer(
        plain: Result<RegistryEndpoint, Problem>, secure: Result<RegistryEndpoint, Problem>
    ) -> Result<RegistryEndpoint, Problem> {
        guard case .failure(let secureProblem) = secure,
            secureProblem.status == .tlsError || secureProblem.status == .networkError,
            case .failure(let plainProblem) = plain, let status = plainProblem.httpStatus, status != 400
        else { return secure }
        return plain
    }

    private static func ping(
        _ registry: RegistryHost, _ root: String, http: RegistryHTTP, deadline: ContinuousClock.Instant
    ) async -> Result<RegistryEndpoint, Problem> {
        guard let base = RequestURL(root), let url = base.replacingPath("/v2/") else {
            return .failure(
                Problem(.networkError, .connectionFailed, message: "\(registry) does not make a usable URL (\(root))"))
        }
        let response: HTTPResponse
        do {
            response = try await http.send(.get, url.string, deadline: deadline)
        } catch {
            return .failure(Problem(doing: "connecting to \(registry) (GET \(url))", transport: error))
        }
        switch response.status {
        case 200..<300:
            return .success(RegistryEndpoint(base: base, challenge: nil))
        case 401:
            let challenges = AuthChallenge.parse(headerValues: response.headers.values("WWW-Authenticate"))
            guard let challenge = AuthChallenge.preferred(challenges) else {
                // The schemes offered, at most five, each cut short: a server chooses how many and how long.
                var schemes = challenges.prefix(5).map { String($0.scheme.prefix(32)) }.joined(separator: ", ")
                if challenges.count > 5 { schemes += ", and \(challenges.count - 5) more" }
                return .failure(
                    Problem(
                        .serverError, .noUsableChallenge, httpStatus: 401,
                        message: "\(registry) answered GET /v2/ with 401 but no Basic or Bearer challenge"
                            + (schemes.isEmpty ? "" : " (offered: \(schemes))")))
            }
            return .success(RegistryEndpoint(base: base, challenge: challenge))
        case 403:
            // Some registries refuse the anonymous ping but answer manifests; let the manifest request decide.
            return .success(RegistryEndpoint(base: base, challenge: nil))
        case 429:
            return .failure(
                Problem(
                    .rateLimited, .rateLimited, httpStatus: 429,
                    message: "\(registry) answered GET /v2/ with 429 Too Many Requests",
                    registryErrors: DistributionError.parse(response.body),
                    rateLimit: RateLimit(headers: response.headers)))
        case 404:
            return .failure(
                Problem(
                    .serverError, .notARegistry, httpStatus: 404,
                    message: "\(url) answered 404: this host does not serve the registry API v2"))
        default:
            let errors = DistributionError.parse(response.body)
            let said = DistributionError.summary(errors).map { ": \($0)" } ?? ""
            return .failure(
                Problem(
                    .serverError, .registryError, httpStatus: response.status,
                    message: "\(registry) answered GET /v2/ with HTTP \(response.status)\(said)",
                    registryErrors: errors))
        }
    }
}
