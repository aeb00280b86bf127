#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What one run knows about one registry for one credential: how to reach it (the ping) and the tokens it
/// gave, by scope. Every check of that registry with that credential shares it, so the ping and each token
/// request happen once however many checks wait for them.
///
/// The handshake (https://distribution.github.io/distribution/spec/auth/token/):
///  1. `GET /v2/` without credentials: 200 means no auth; 401 carries the challenges.
///  2. Basic challenge: the credentials go on each request to the registry.
///     Bearer challenge: `GET realm?service=...&scope=repository:<path>:pull` with Basic credentials when we
///     have some (anonymous otherwise); the answer's `token` (or `access_token`) goes on each request.
///  3. The manifest request (`ManifestProbe`).
actor RegistrySession {
    let registry: RegistryHost
    let credential: Credential?
    let http: RegistryHTTP

    /// Where the registry answered, and the challenge it gave (nil when `/v2/` answered 200).
    struct Endpoint: Sendable {
        let baseURL: String
        let challenge: AuthChallenge?
        let isPlainHTTP: Bool
    }

    private var pingTask: Task<Result<Endpoint, Problem>, Never>?
    private var tokens = TokenCache()
    /// Token requests under way, by every scope they carry, so a check waits for one already asked.
    private var inflight: [TokenCache.Key: (task: Task<Result<BearerToken, Problem>, Never>, scopeCount: Int)] = [:]
    /// The repositories this run will check here, in order: scopes asked together in one token request.
    private var planned: [String] = []
    private var plannedSet: Set<String> = []
    /// Cleared when the token server refused a request with several scopes but granted one alone.
    private var batchScopes = true

    /// At most this many scopes go in one token request (the URL stays a few KiB).
    static let maxScopesPerTokenRequest = 50

    init(registry: RegistryHost, credential: Credential?, http: RegistryHTTP) {
        self.registry = registry
        self.credential = credential
        self.http = http
    }

    // MARK: Ping

    func endpoint() async -> Result<Endpoint, Problem> {
        if let pingTask { return await pingTask.value }
        let task = Task { await self.ping() }
        pingTask = task
        return await task.value
    }

    /// HTTPS, with two exceptions. `--plain-http` speaks plain HTTP to every registry. A loopback registry is
    /// asked over plain HTTP first and taken there when it answers like a registry (200, 401 with a challenge,
    /// 403); otherwise over HTTPS. Docker and crane try HTTPS first on loopback too, but a local registry is
    /// nearly always plain HTTP (`registry:2` on localhost:5000, kind's), and the TLS attempt costs a cold
    /// check about a fifth of its time and 1.5 MiB (OpenSSL's setup, measured: README, Performance); a TLS registry
    /// on loopback pays one refused plain request instead (it answers 400 to it). The plain request carries no
    /// credentials, and loopback traffic does not leave the machine.
    private func ping() async -> Result<Endpoint, Problem> {
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
        let deadline = ContinuousClock.now + .milliseconds(Int(http.options.timeoutSeconds * 1000))
        let authority = registry.dialAuthority
        if http.options.plainHTTP {
            return await ping(base: "http://\(authority)", deadline: deadline)
        }
        guard registry.isLoopback else { return await ping(base: "https://\(authority)", deadline: deadline) }
        let plain = await ping(base: "http://\(authority)", deadline: deadline)
        if case .success = plain { return plain }
        let secure = await ping(base: "https://\(authority)", deadline: deadline)
        return Self.loopbackAnswer(plain: plain, secure: secure)
    }

    /// Which of a loopback registry's two pings to believe once plain HTTP did not answer like a registry:
    /// HTTPS's result, unless HTTPS got no TLS answer (tls or network error) while plain HTTP got an HTTP answer
    /// other than 400, the one a TLS port gives to a plain request. Then the port speaks plain HTTP, and its
    /// answer (a web server's 404, a 503) says more than "wrong version number".
    static func loopbackAnswer(plain: Result<Endpoint, Problem>, secure: Result<Endpoint, Problem>) -> Result<
        Endpoint, Problem
    > {
        guard case .failure(let secureProblem) = secure,
            secureProblem.status == .tlsError || secureProblem.status == .networkError,
            case .failure(let plainProblem) = plain, let status = plainProblem.httpStatus, status != 400
        else { return secure }
        return plain
    }

    private func ping(base: String, deadline: ContinuousClock.Instant) async -> Result<Endpoint, Problem> {
        let url = base + "/v2/"
        let response: HTTPResponse
        do {
            response = try await http.send(.get, url, deadline: deadline)
        } catch {
            return .failure(Problem(doing: "connecting to \(registry) (GET \(url))", transport: error))
        }
        let isPlain = base.hasPrefix("http:")
        switch response.status {
        case 200..<300:
            return .success(Endpoint(baseURL: base, challenge: nil, isPlainHTTP: isPlain))
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
            return .success(Endpoint(baseURL: base, challenge: challenge, isPlainHTTP: isPlain))
        case 403:
            // Some registries refuse the anonymous ping but answer manifests; let the manifest request decide.
            return .success(Endpoint(baseURL: base, challenge: nil, isPlainHTTP: isPlain))
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

    // MARK: Authorization

    /// A credential with a control character is never sent anywhere (see `Credential.hasControlCharacters`).
    private func unsafeCredentialProblem() -> Problem? {
        guard let credential, credential.hasControlCharacters else { return nil }
        let what = credential.kind == .password ? "username or password" : "token"
        return Problem(
            .unauthorized, .unsafeCredential,
            message: "the \(what) for \(registry) contains a control character (a line break, say); "
                + "regprobe does not send it")
    }

    /// Announces the repositories the run will check on this registry, so their pull scopes can be asked for
    /// together.
    func plan(_ repositories: [String]) {
        for repository in repositories where plannedSet.insert(repository).inserted {
            planned.append(repository)
        }
    }

    /// The `Authorization` header value for a scope under a challenge, or nil for none (anonymous Basic).
    /// `refresh` asks the token server again (after an `insufficient_scope` answer), once.
    func authorization(
        challenge: AuthChallenge, scope: Scope, refresh: Bool, deadline: ContinuousClock.Instant
    ) async -> Result<(header: String?, token: BearerToken?), Problem> {
        if let problem = unsafeCredentialProblem() { return .failure(problem) }
        switch challenge.scheme {
        case _ where credential?.kind == .registryToken:
            // A `registrytoken` is the registry's own bearer token: no token server involved.
            return .success(("Bearer " + credential!.password, nil))
        case "basic":
            guard let credential else { return .success((nil, nil)) }
            let raw = Array("\(credential.username):\(credential.password)".utf8)
            return .success(("Basic " + Data(raw).base64EncodedString(), nil))
        case "bearer":
            return await bearer(challenge: challenge, scope: scope, refresh: refresh, deadline: deadline)
                .map { ("Bearer " + $0.value, $0) }
        default:
            return .failure(
                Problem(
                    .serverError, .unsupportedAuthScheme,
                    message: "\(registry) asks for \(challenge.scheme) authentication, which regprobe does not speak"))
        }
    }

    /// A token for the scope: from the cache, from a request under way, or from a new request that also asks for
    /// the pull scopes of the other planned repositories not yet covered (the needed scope first: some token
    /// servers honour only the first). If a request with several scopes fails, the needed scope is asked alone,
    /// so one private repository cannot spoil the others' answer. `refresh` skips the cache and asks for this
    /// scope alone (after an `insufficient_scope` answer).
    private func bearer(
        challenge: AuthChallenge, scope: Scope, refresh: Bool,
        deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem> {
        let key = tokenKey(challenge, scope)
        if !refresh {
            if let token = tokens.token(for: key) { return .success(token) }
            if let (task, scopeCount) = inflight[key] {
                let shared = await task.value
                if case .failure = shared, scopeCount > 1 {
                    // A request for several scopes failed: ask for this one alone.
                    return await request(challenge: challenge, scopes: [scope], deadline: deadline)
                }
                return shared
            }
        }
        var scopes = [scope]
        if !refresh && batchScopes && scope.actions == ["pull"] {
            for repository in planned where scopes.count < Self.maxScopesPerTokenRequest {
                let other = Scope.pull(repository)
                let otherKey = tokenKey(challenge, other)
                if other != scope, tokens.token(for: otherKey) == nil, inflight[otherKey] == nil {
                    scopes.append(other)
                }
            }
        }
        let result = await request(challenge: challenge, scopes: scopes, deadline: deadline)
        if case .failure = result, scopes.count > 1 {
            let alone = await request(challenge: challenge, scopes: [scope], deadline: deadline)
            if case .success = alone { batchScopes = false }
            return alone
        }
        return result
    }

    /// One token request for these scopes, shared with every check that needs one of them meanwhile.
    private func request(challenge: AuthChallenge, scopes: [Scope], deadline: ContinuousClock.Instant) async -> Result<
        BearerToken, Problem
    > {
        let keys = scopes.map { tokenKey(challenge, $0) }
        let task = Task { await self.fetchToken(challenge: challenge, scopes: scopes, deadline: deadline) }
        for key in keys { inflight[key] = (task, keys.count) }
        let result = await task.value
        for key in keys where inflight[key]?.task == task { inflight[key] = nil }
        if case .success(let token) = result {
            for key in keys { tokens.store(token, for: key) }
        }
        return result
    }

    /// A token asked with no scope, as `docker login` does: proof that the token server accepts the credentials,
    /// nothing about any repository.
    func loginToken(challenge: AuthChallenge, deadline: ContinuousClock.Instant) async -> Result<BearerToken, Problem> {
        if let problem = unsafeCredentialProblem() { return .failure(problem) }
        return await fetchToken(challenge: challenge, scopes: [], deadline: deadline)
    }

    /// OAuth2 (https://distribution.github.io/distribution/spec/auth/oauth/): `POST realm` with
    /// `grant_type=refresh_token`, `client_id=regprobe`, `service`, `scope` (space-joined) and the refresh token.
    /// nil when the server answers 400/401/404/405, so the caller falls back to GET (GCR, Artifactory and ACR
    /// variants answer those for POST).
    private func oauthToken(
        realmURL: RequestURL, challenge: AuthChallenge, scopes: [Scope], refreshToken: String,
        deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem>? {
        var form = ["grant_type=refresh_token", "client_id=regprobe", "refresh_token=" + Percent.encode(refreshToken)]
        if let service = challenge.service { form.append("service=" + Percent.encode(service)) }
        form.append("scope=" + Percent.encode(scopes.map(\.description).joined(separator: " ")))
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/x-www-form-urlencoded")
        let response: HTTPResponse
        do {
            response = try await http.send(
                .post, realmURL.string, headers: headers, body: Array(form.joined(separator: "&").utf8),
                maxBodyBytes: 64 * 1024, deadline: deadline)
        } catch {
            return .failure(Problem(doing: "requesting a token from \(realmURL.displayAuthority)", transport: error))
        }
        switch response.status {
        case 200:
            return Self.token(in: response, from: realmURL, field: "access_token")
        case 400, 401, 404, 405:
            return nil
        default:
            let said = TokenServerError.text(response.body).map { ": \($0)" } ?? ""
            return .failure(
                Problem(
                    .serverError, .tokenServerError, httpStatus: response.status,
                    message:
                        "the token server at \(realmURL.displayAuthority) answered the OAuth2 request with HTTP \(response.status)\(said)"
                ))
        }
    }

    /// The token in a token server's 200 answer (GET or OAuth2 POST), or why there is none to use: a body over
    /// 64 KiB, no token field, or a token with control characters (never put in a header).
    private static func token(
        in response: HTTPResponse, from realmURL: RequestURL,
        field: String
    ) -> Result<BearerToken, Problem> {
        let server = "the token server at \(realmURL.displayAuthority)"
        if response.bodyTruncated {
            return .failure(
                Problem(
                    .serverError, .tokenTooLarge, httpStatus: 200,
                    message: "\(server) sent a token response over 64 KiB"))
        }
        do {
            return .success(try BearerToken.decode(response.body))
        } catch .unsafeToken {
            return .failure(
                Problem(
                    .serverError, .unsafeToken, httpStatus: 200,
                    message: "\(server) sent a token with control characters; regprobe does not put "
                        + "it in a header"))
        } catch {
            return .failure(
                Problem(
                    .serverError, .tokenMissing, httpStatus: 200,
                    message: "\(server) answered 200 without a token (no \(field) field)"))
        }
    }

    private func tokenKey(_ challenge: AuthChallenge, _ scope: Scope) -> TokenCache.Key {
        TokenCache.Key(realm: challenge.realm ?? "", service: challenge.service ?? "", scope: scope.description)
    }

    /// `GET realm?service=&scope=` with Basic credentials when we have some. A 401/403 here means the token
    /// server rejected the credentials (or refuses anonymous access).
    private func fetchToken(challenge: AuthChallenge, scopes: [Scope], deadline: ContinuousClock.Instant) async
        -> Result<BearerToken, Problem>
    {
        let what = scopes.first.map { "for \($0)" } ?? "for a login (no scope)"
        guard let realm = challenge.realm, let realmURL = RequestURL(realm) else {
            return .failure(
                Problem(
                    .serverError, .realmUnusable,
                    message: "\(registry) sent a Bearer challenge without a usable realm URL"))
        }
        // The realm must be HTTPS, unless the registry itself is plain HTTP on loopback or --plain-http was given:
        // credentials and tokens never cross the network in the clear because a challenge said so.
        // A plain-HTTP realm is taken only with --plain-http, or when both the registry and the realm are plain
        // HTTP on loopback: a loopback registry must not send credentials in clear text to another host.
        if realmURL.scheme != "https" && !http.options.plainHTTP {
            let registryIsPlain = await endpoint().successValue?.isPlainHTTP ?? false
            if !(registry.isLoopback && registryIsPlain && realmURL.isLoopback) {
                let shown = RequestURL.withoutQuery(realmURL.string)
                let reason =
                    registry.isLoopback && registryIsPlain
                    ? "a plain-HTTP token server on another host than loopback (\(shown))"
                    : "a token server over plain HTTP (\(shown))"
                return .failure(
                    Problem(
                        .serverError, .plainHTTPRealmRefused,
                        message:
                            "\(registry) names \(reason); regprobe refuses to send credentials there in clear text. "
                            + "If that is intended, use --plain-http"))
            }
        }
        if let credential, credential.kind == .identityToken {
            switch await oauthToken(
                realmURL: realmURL, challenge: challenge, scopes: scopes, refreshToken: credential.password,
                deadline: deadline)
            {
            case .some(let result): return result
            case .none: break  // the server does not do OAuth2 here: the GET below, with the token as password
            }
        }
        var query: [String] = []
        if let service = challenge.service { query.append("service=" + Percent.encode(service)) }
        for each in scopes { query.append("scope=" + Percent.encode(each.description)) }
        let url = realmURL.string + (realmURL.string.contains("?") ? "&" : "?") + query.joined(separator: "&")
        var headers = HTTPHeaders()
        if let credential {
            let raw = Array("\(credential.username):\(credential.password)".utf8)
            headers.add("Authorization", "Basic " + Data(raw).base64EncodedString())
        }
        let who = credential.map { "the credentials of user \"\($0.username)\"" } ?? "an anonymous token"
        let response: HTTPResponse
        do {
            response = try await http.send(.get, url, headers: headers, maxBodyBytes: 64 * 1024, deadline: deadline)
        } catch {
            return .failure(Problem(doing: "requesting a token from \(realmURL.displayAuthority)", transport: error))
        }
        let errors = DistributionError.parse(response.body)
        let said = TokenServerError.text(response.body).map { ": \($0)" } ?? ""
        switch response.status {
        case 200:
            return Self.token(in: response, from: realmURL, field: "\"token\" or \"access_token\"")
        case 401, 403:
            let verb = credential == nil ? "refused" : "rejected"
            let unknown = credential == nil && !scopes.isEmpty ? Classification.mayNotExist : ""
            return .failure(
                Problem(
                    .unauthorized, credential == nil ? .anonymousRefused : .credentialsRejected,
                    httpStatus: response.status,
                    message:
                        "the token server at \(realmURL.displayAuthority) \(verb) \(who) \(what) (HTTP \(response.status)\(said))\(unknown)",
                    registryErrors: errors))
        case 429:
            return .failure(
                Problem(
                    .rateLimited, .rateLimited, httpStatus: 429,
                    message: "the token server at \(realmURL.displayAuthority) answered 429 Too Many Requests",
                    registryErrors: errors, rateLimit: RateLimit(headers: response.headers)))
        default:
            return .failure(
                Problem(
                    .serverError, .tokenServerError, httpStatus: response.status,
                    message: "the token server at \(realmURL.displayAuthority) answered HTTP \(response.status)\(said)",
                    registryErrors: errors))
        }
    }
}

extension Result {
    var successValue: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
