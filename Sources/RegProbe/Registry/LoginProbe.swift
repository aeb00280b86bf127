/// Whether credentials work on a registry, without an image: what `regprobe secret` checks for each registry
/// entry of a pull secret when no image is named.
///
/// - With a repository: a token for `repository:<path>:pull` (Bearer), or `GET /v2/` with the credentials (Basic).
///   A JWT whose `access` claim lists `pull` proves pull access; an opaque token only proves the login.
/// - Without: `GET /v2/` with Basic credentials, or a token request with no scope, as `docker login` does: the
///   registry accepts the credentials, nothing more.
public struct LoginCheck: Sendable, Hashable {
    public let registry: RegistryHost
    public let credential: Credential
    public let source: CredentialSource
    public let repository: String?

    public init(registry: RegistryHost, credential: Credential, source: CredentialSource, repository: String?) {
        self.registry = registry
        self.credential = credential
        self.source = source
        self.repository = repository
    }
}

public struct LoginVerdict: Sendable {
    /// How much the answer proves.
    public enum Strength: String, Sendable, Codable {
        /// The token grants `pull` on the repository (read from the JWT). Not a proof that the repository exists:
        /// token servers (Pulp's, distribution's) grant rights on names that do not exist.
        case pullGranted = "pull-granted"
        /// A token for the repository's pull scope was granted, but it is opaque: pull access is likely, not proven.
        case tokenGranted = "token-granted"
        /// The registry accepted the login; no repository was checked.
        case loginAccepted = "login-accepted"
        /// The registry needs no credentials: nothing was proven about them.
        case noAuthRequired = "no-auth-required"
        /// The credentials were refused, or the registry could not be asked.
        case none
    }

    public let check: LoginCheck
    /// `exists` when the credentials work (as far as `strength` goes), else the failure's status word.
    public let status: Status
    public let strength: Strength
    public let message: String
}

struct LoginProbe {
    let session: RegistrySession
    let check: LoginCheck
    let http: RegistryHTTP
    let timeoutSeconds: Double

    func run() async -> LoginVerdict {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeoutSeconds * 1000))
        let endpoint: RegistryEndpoint
        switch await session.endpoint(deadline: deadline) {
        case .success(let value): endpoint = value
        case .failure(let problem): return verdict(problem.status, .none, problem.message)
        }
        let user = "user \"\(check.credential.username)\""
        guard let challenge = endpoint.challenge else {
            return verdict(
                .exists, .noAuthRequired,
                "\(check.registry) answers without authentication: the credentials of \(user) are not needed there, and were not tested"
            )
        }
        if challenge.scheme == "bearer", check.credential.kind != .registryToken {
            if let repository = check.repository {
                let scope = Scope.pull(repository)
                switch await session.authorization(
                    challenge: challenge, scope: scope, refresh: false, endpoint: endpoint, deadline: deadline)
                {
                case .failure(let problem):
                    return verdict(problem.status, .none, problem.message)
                case .success(let authorization):
                    guard let token = authorization.token else {
                        return verdict(.exists, .tokenGranted, "token granted for \(scope)")
                    }
                    if token.grantedAccess == nil {
                        return verdict(
                            .exists, .tokenGranted,
                            "the token server granted \(user) a token for \(scope); it is opaque, so pull access is likely but not proven, and that the repository exists was not checked"
                        )
                    }
                    if token.provablyLacks("pull", on: repository) {
                        return verdict(
                            .denied, .none,
                            "the credentials of \(user) were accepted, but the token grants no pull access to \(repository)"
                        )
                    }
                    return verdict(
                        .exists, .pullGranted,
                        "the token server granted \(user) pull access to \(repository); "
                            + "that the repository exists was not checked (token servers grant names that do not exist: give an image to check one)"
                    )
                }
            }
            switch await session.loginToken(challenge: challenge, endpoint: endpoint, deadline: deadline) {
            case .failure(let problem): return verdict(problem.status, .none, problem.message)
            case .success:
                return verdict(
                    .exists, .loginAccepted,
                    "the token server accepted the login of \(user); no repository was checked (naming a repository or an image proves more)"
                )
            }
        }
        // Basic (or a registry token): the registry itself judges the credentials on /v2/.
        let header: String?
        switch await session.authorization(
            challenge: challenge, scope: .pull(check.repository ?? ""), refresh: false, endpoint: endpoint,
            deadline: deadline)
        {
        case .success(let value): header = value.header
        case .failure(let problem): return verdict(problem.status, .none, problem.message)
        }
        var headers = HTTPHeaders()
        if let header { headers.add("Authorization", header) }
        let root = endpoint.base.replacingPath("/v2/")?.string ?? endpoint.base.string
        do {
            let response = try await http.send(.get, root, headers: headers, deadline: deadline)
            switch response.status {
            case 200..<300:
                return verdict(
                    .exists, .loginAccepted,
                    "\(check.registry) accepted the login of \(user)"
                        + (check.repository == nil ? "" : "; Basic auth gives no per-repository answer before a pull"))
            case 401:
                return verdict(.unauthorized, .none, "\(check.registry) rejected the credentials of \(user)")
            case 403:
                return verdict(.denied, .none, "\(check.registry) refused \(user) (HTTP 403)")
            default:
                return verdict(.serverError, .none, "\(check.registry) answered GET /v2/ with HTTP \(response.status)")
            }
        } catch {
            let problem = Problem(doing: "GET \(root)", transport: error)
            return verdict(problem.status, .none, problem.message)
        }
    }

    private func verdict(_ status: Status, _ strength: LoginVerdict.Strength, _ message: String) -> LoginVerdict {
        LoginVerdict(check: check, status: status, strength: strength, message: message)
    }
}

extension Checker {
    /// Verifies each login (concurrently, at most `options.jobs`), in the order given.
    public func verifyLogins(_ checks: [LoginCheck], transport: (any HTTPTransport)? = nil) async -> [LoginVerdict] {
        await withContext(transport: transport) { context in
            var results = [LoginVerdict?](repeating: nil, count: checks.count)
            await Self.forEach(count: checks.count, jobs: options.jobs) { index in
                let check = checks[index]
                let session = await context.sessions.session(for: check.registry, credential: check.credential)
                return await LoginProbe(
                    session: session, check: check, http: context.http, timeoutSeconds: request.timeoutSeconds
                ).run()
            } deliver: { index, verdict in
                results[index] = verdict
            }
            return results.map { $0! }
        }
    }
}
