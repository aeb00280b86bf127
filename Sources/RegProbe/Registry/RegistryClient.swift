/// One check's way to a repository: the single place that sends a `RegistryOperation`. It owns the request's
/// headers (`Accept`, `Authorization`), the authorization (from the shared `RegistrySession`: the ping's challenge,
/// Basic credentials or a Bearer token for `repository:<path>:pull`), and the single re-challenge on a 401, never a
/// loop. Answers are returned as they came: what a status means is the caller's rule.
///
/// The re-challenge (https://distribution.github.io/distribution/spec/auth/token/#how-to-authenticate): a 401 after an
/// open ping carries the first challenge; a 401 with `error="insufficient_scope"` asks for a token of the scope it
/// names. GCR-style registries send no challenge on later 401s: the ping's is reused. An anonymous Basic 401 is
/// final, and so is a 401 for a token that provably lacks `pull` (its JWT says so).
actor RegistryClient {
    let session: RegistrySession
    let repository: String
    let credential: Credential?
    nonisolated let http: RegistryHTTP

    private var endpoint: RegistryEndpoint?
    private var authorization = RegistrySession.Authorization.none
    private var rechallenged = false
    private(set) var notes = ResponseNotes()

    init(session: RegistrySession, repository: String, credential: Credential?, http: RegistryHTTP) {
        self.session = session
        self.repository = repository
        self.credential = credential
        self.http = http
    }

    /// Sends the operation, authorized, and returns the answer (after at most one re-challenge), or why none came:
    /// the ping or the token server failed, or the request got no HTTP answer.
    func send(
        _ operation: RegistryOperation, maxBodyBytes: Int = 64 * 1024, deadline: ContinuousClock.Instant
    ) async -> Result<HTTPResponse, Problem> {
        let endpoint: RegistryEndpoint
        switch await prepare(deadline: deadline) {
        case .success(let value): endpoint = value
        case .failure(let problem): return .failure(problem)
        }
        guard let url = endpoint.url(of: operation, in: repository) else {
            return .failure(
                Problem(
                    .networkError, .connectionFailed,
                    message: "\(operation.path(in: repository)) does not make a URL under \(endpoint.base)"))
        }
        var response: HTTPResponse
        switch await transmit(operation, url, maxBodyBytes: maxBodyBytes, deadline: deadline) {
        case .success(let value): response = value
        case .failure(let problem): return .failure(problem)
        }
        guard response.status == 401, !rechallenged else { return .success(response) }
        rechallenged = true
        switch await rechallenge(after: response, endpoint: endpoint, deadline: deadline) {
        case .failure(let problem): return .failure(problem)
        case .success(false): return .success(response)
        case .success(true): break
        }
        switch await transmit(operation, url, maxBodyBytes: maxBodyBytes, deadline: deadline) {
        case .success(let value): response = value
        case .failure(let problem): return .failure(problem)
        }
        return .success(response)
    }

    /// The URL an operation is sent to, with the `Authorization` it carries: for a rule that must decide where a
    /// redirect may take it (`BlobPresence`).
    func request(for operation: RegistryOperation) -> HTTPRequest? {
        guard let url = endpoint?.url(of: operation, in: repository) else { return nil }
        var request = HTTPRequest(method: operation.method, url: url.string, headers: operation.headers)
        if let header = authorization.header { request.headers.add("Authorization", header) }
        return request
    }

    /// What a refusal means depends on who asked and how (`Classification`).
    func problem(for response: HTTPResponse, method: HTTPRequest.Method, reference: ImageReference) -> Problem {
        let answer = ManifestAnswer(
            method: method, status: response.status, errors: DistributionError.parse(response.body),
            rateLimit: RateLimit(headers: response.headers),
            username: authorization.header == nil ? nil : credential?.username, authScheme: authorization.scheme)
        return Classification.classify(answer, reference: reference)
    }

    /// The endpoint, and on first use the authorization for the pull scope under the ping's challenge.
    private func prepare(deadline: ContinuousClock.Instant) async -> Result<RegistryEndpoint, Problem> {
        if let endpoint { return .success(endpoint) }
        let found: RegistryEndpoint
        switch await session.endpoint(deadline: deadline) {
        case .success(let value): found = value
        case .failure(let problem): return .failure(problem)
        }
        if let challenge = found.challenge {
            switch await session.authorization(
                challenge: challenge, scope: .pull(repository), refresh: false, endpoint: found, deadline: deadline)
            {
            case .success(let value): authorization = value
            case .failure(let problem): return .failure(problem)
            }
        }
        endpoint = found
        return .success(found)
    }

    /// Whether a 401 is worth one more authorization, and that authorization. `true` when the request should be sent
    /// again with it.
    private func rechallenge(
        after response: HTTPResponse, endpoint: RegistryEndpoint, deadline: ContinuousClock.Instant
    ) async -> Result<Bool, Problem> {
        let challenges = AuthChallenge.parse(headerValues: response.headers.values("WWW-Authenticate"))
        guard let challenge = AuthChallenge.preferred(challenges) ?? endpoint.challenge else { return .success(false) }
        let tokenLacksPull = authorization.token?.provablyLacks("pull", on: repository) ?? false
        let worthRetrying =
            authorization.header == nil
            ? credential != nil || challenge.scheme == "bearer"
            : challenge.scheme == "bearer" && !tokenLacksPull
        guard worthRetrying else { return .success(false) }
        let scope =
            challenge.scope.flatMap(Scope.init(parsing:)).flatMap { $0.name == repository ? $0 : nil }
            ?? .pull(repository)
        switch await session.authorization(
            challenge: challenge, scope: scope, refresh: authorization.header != nil, endpoint: endpoint,
            deadline: deadline)
        {
        case .success(let value):
            authorization = value
            return .success(value.header != nil)
        case .failure(let problem):
            return .failure(problem)
        }
    }

    private func transmit(
        _ operation: RegistryOperation, _ url: RequestURL, maxBodyBytes: Int, deadline: ContinuousClock.Instant
    ) async -> Result<HTTPResponse, Problem> {
        var headers = operation.headers
        if let route = endpoint?.route {
            for (name, value) in route.headers.fields { headers.add(name, value) }
        }
        if let header = authorization.header { headers.add("Authorization", header) }
        do {
            let response = try await http.send(
                operation.method, url.string, headers: headers, maxBodyBytes: maxBodyBytes,
                followRedirects: operation.followsRedirects, deadline: deadline)
            notes.record(response.headers)
            return .success(response)
        } catch {
            return .failure(Problem(doing: "\(operation.method.rawValue) \(url)", transport: error))
        }
    }
}
