/// What one run knows about one registry for one credential: where it answered (the ping, asked once) and the
/// tokens it gave (`TokenBroker`). Every check of that registry with that credential shares it.
///
/// The handshake (https://distribution.github.io/distribution/spec/auth/token/):
///  1. `GET /v2/` without credentials (`RegistryPing`): 200 means no auth; 401 carries the challenges.
///  2. Basic challenge: the credentials go on each request to the registry.
///     Bearer challenge: a token for `repository:<path>:pull` (`TokenService`, shared by `TokenBroker`).
///  3. The registry operations, sent by a check's `RegistryClient`.
actor RegistrySession {
    let registry: RegistryHost
    let credential: Credential?
    let http: RegistryHTTP
    /// With `--hosts-dir`: the host of the hosts directory this session speaks to, instead of the registry itself.
    let route: HostsRoute?
    private let tokens: TokenBroker
    private var pingTask: Task<Result<RegistryEndpoint, Problem>, Never>?

    init(registry: RegistryHost, credential: Credential?, http: RegistryHTTP, route: HostsRoute? = nil) {
        self.registry = registry
        self.credential = credential
        self.http = http
        self.route = route
        self.tokens = TokenBroker(service: TokenService(registry: registry, credential: credential, http: http))
    }

    /// The ping's answer: the first asker's request, shared by every later one (its deadline is the first asker's).
    func endpoint(deadline: ContinuousClock.Instant) async -> Result<RegistryEndpoint, Problem> {
        if let pingTask { return await pingTask.value }
        let registry = self.registry
        let http = self.http
        let route = self.route
        let task = Task {
            if let route { return await RegistryPing.endpoint(of: route, http: http, deadline: deadline) }
            return await RegistryPing.endpoint(of: registry, http: http, deadline: deadline)
        }
        pingTask = task
        return await task.value
    }

    /// Announces the repositories the run will check on this registry, so their pull scopes can be asked for
    /// together.
    func plan(_ repositories: [String]) async {
        await tokens.plan(repositories)
    }

    /// How requests for a scope are authorized under a challenge: the header (nil for anonymous Basic), and the
    /// Bearer token it carries. `refresh` asks the token server again (after an `insufficient_scope` answer).
    struct Authorization: Sendable {
        var header: String?
        var token: BearerToken?
        var scheme: ManifestAnswer.AuthScheme

        static let none = Authorization(header: nil, token: nil, scheme: .none)
    }

    func authorization(
        challenge: AuthChallenge, scope: Scope, refresh: Bool, endpoint: RegistryEndpoint,
        deadline: ContinuousClock.Instant
    ) async -> Result<Authorization, Problem> {
        if let problem = unsafeCredentialProblem() { return .failure(problem) }
        switch challenge.scheme {
        case _ where credential?.kind == .registryToken:
            // A `registrytoken` is the registry's own bearer token: no token server involved.
            return .success(Authorization(header: "Bearer " + credential!.password, token: nil, scheme: .bearer))
        case "basic":
            guard let credential else { return .success(.none) }
            return .success(Authorization(header: TokenService.basic(credential), token: nil, scheme: .basic))
        case "bearer":
            return await tokens.token(
                challenge: challenge, scope: scope, refresh: refresh, endpoint: endpoint, deadline: deadline
            ).map { Authorization(header: "Bearer " + $0.value, token: $0, scheme: .bearer) }
        default:
            return .failure(
                Problem(
                    .serverError, .unsupportedAuthScheme,
                    message: "\(registry) asks for \(challenge.scheme) authentication, which regprobe does not speak"))
        }
    }

    /// A token asked with no scope, as `docker login` does: proof that the token server accepts the credentials,
    /// nothing about any repository.
    func loginToken(
        challenge: AuthChallenge, endpoint: RegistryEndpoint, deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem> {
        if let problem = unsafeCredentialProblem() { return .failure(problem) }
        return await TokenService(registry: registry, credential: credential, http: http)
            .token(challenge: challenge, scopes: [], endpoint: endpoint, deadline: deadline)
    }

    /// A credential with a control character is never sent anywhere (see `Credential.hasControlCharacters`).
    private func unsafeCredentialProblem() -> Problem? {
        guard let credential, credential.hasControlCharacters else { return nil }
        let what = credential.kind == .password ? "username or password" : "token"
        return Problem(
            .unauthorized, .unsafeCredential,
            message: "the \(what) for \(registry) contains a control character (a line break, say); "
                + "regprobe does not send it")
    }
}
