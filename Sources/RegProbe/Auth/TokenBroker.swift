/// The tokens of one registry and credential for a run: cached by scope (`TokenCache`), shared while a request is
/// under way, and asked in batches. When a check needs a pull scope, the request also carries the pull scopes of the
/// run's other planned repositories not yet covered (the needed scope first: some token servers honour only the
/// first), at most `maxScopesPerRequest`. If a request with several scopes fails, the needed scope is asked alone, so
/// one private repository cannot spoil the others' answer; once that alone succeeds, batching stops for the run.
actor TokenBroker {
    private let service: TokenService
    private var tokens = TokenCache()
    /// Token requests under way, by every scope they carry, so a check waits for one already asked.
    private var inflight: [TokenCache.Key: (task: Task<Result<BearerToken, Problem>, Never>, scopeCount: Int)] = [:]
    /// The repositories this run will check here, in order.
    private var planned: [String] = []
    private var plannedSet: Set<String> = []
    /// Cleared when the token server refused a request with several scopes but granted one alone.
    private var batchScopes = true

    /// At most this many scopes go in one token request (the URL stays a few KiB).
    static let maxScopesPerRequest = 50

    init(service: TokenService) {
        self.service = service
    }

    /// Announces the repositories the run will check, so their pull scopes can be asked for together.
    func plan(_ repositories: [String]) {
        for repository in repositories where plannedSet.insert(repository).inserted {
            planned.append(repository)
        }
    }

    /// A token for the scope: from the cache, from a request under way, or from a new (batched) request.
    /// `refresh` skips the cache and asks for this scope alone (after an `insufficient_scope` answer).
    func token(
        challenge: AuthChallenge, scope: Scope, refresh: Bool, endpoint: RegistryEndpoint,
        deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem> {
        let key = Self.key(challenge, scope)
        if !refresh {
            if let token = tokens.token(for: key) { return .success(token) }
            if let (task, scopeCount) = inflight[key] {
                let shared = await task.value
                if case .failure = shared, scopeCount > 1 {
                    // A request for several scopes failed: ask for this one alone.
                    return await request(challenge, [scope], endpoint: endpoint, deadline: deadline)
                }
                return shared
            }
        }
        var scopes = [scope]
        if !refresh && batchScopes && scope.actions == ["pull"] {
            for repository in planned where scopes.count < Self.maxScopesPerRequest {
                let other = Scope.pull(repository)
                let otherKey = Self.key(challenge, other)
                if other != scope, tokens.token(for: otherKey) == nil, inflight[otherKey] == nil {
                    scopes.append(other)
                }
            }
        }
        let result = await request(challenge, scopes, endpoint: endpoint, deadline: deadline)
        if case .failure = result, scopes.count > 1 {
            let alone = await request(challenge, [scope], endpoint: endpoint, deadline: deadline)
            if case .success = alone { batchScopes = false }
            return alone
        }
        return result
    }

    /// One token request for these scopes, shared with every check that needs one of them meanwhile.
    private func request(
        _ challenge: AuthChallenge, _ scopes: [Scope], endpoint: RegistryEndpoint, deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem> {
        let keys = scopes.map { Self.key(challenge, $0) }
        let service = self.service
        let task = Task {
            await service.token(challenge: challenge, scopes: scopes, endpoint: endpoint, deadline: deadline)
        }
        for key in keys { inflight[key] = (task, keys.count) }
        let result = await task.value
        for key in keys where inflight[key]?.task == task { inflight[key] = nil }
        if case .success(let token) = result {
            for key in keys { tokens.store(token, for: key) }
        }
        return result
    }

    private static func key(_ challenge: AuthChallenge, _ scope: Scope) -> TokenCache.Key {
        TokenCache.Key(realm: challenge.realm ?? "", service: challenge.service ?? "", scope: scope.description)
    }
}
