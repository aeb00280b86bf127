/// The library's entry point: checks images and returns, per item, the verdict of every attempt made, in the order
/// given.
///
/// - One entry point (`run(_:)`) for every shape of work: images whose credentials the `CredentialResolver` picks,
///   and references with kubelet's ordered candidates (`CheckItem`). Attempts of one item run one after the other,
///   the first that finds the image winning; items run concurrently, at most `options.jobs` at once, over one
///   `CurlEngine` (shared connections).
/// - Identical items are checked once, and so is an identical (image, credential) attempt that several items need.
/// - Checks of the same registry with the same credential share one `RegistrySession`: one ping, and tokens
///   by scope, the pull scopes of the run's repositories asked together.
public struct Checker: Sendable {
    public let options: CheckOptions
    public let credentials: CredentialResolver
    /// What each check must prove (platforms, depth, time limit).
    public let request: CheckRequest

    public init(options: CheckOptions, credentials: CredentialResolver, request: CheckRequest = CheckRequest()) {
        self.options = options
        self.credentials = credentials
        self.request = request
    }

    /// What a run produced: the verdicts of each item's attempts, and the requests it sent.
    public struct Run: Sendable {
        /// Per item, in order, the verdict of every attempt made (one, unless the item gave several credentials).
        public let attempts: [[Verdict]]
        public let requests: RequestCounter

        /// Per item, the answer: the attempt that found the image, else the first failure (kubelet reports the
        /// first error).
        public var verdicts: [Verdict] { attempts.map(Self.answer) }

        public static func answer(_ attempts: [Verdict]) -> Verdict {
            attempts.first(where: { $0.status == .exists }) ?? attempts[0]
        }
    }

    /// The items' verdicts; see `run(_:transport:onResult:)`.
    public func check(_ images: [String], transport: (any HTTPTransport)? = nil) async -> [Verdict] {
        await run(images.map(CheckItem.init(image:)), transport: transport).verdicts
    }

    /// - Parameters:
    ///   - transport: the wire; a fresh `CurlEngine` (shut down at the end) when nil.
    ///   - onResult: called as each item's attempts are done (in completion order, with its index), so output can
    ///     stream (the CLI's `OrderedEmitter` puts them back in order).
    public func run(
        _ items: [CheckItem], transport: (any HTTPTransport)? = nil,
        onResult: (@Sendable (Int, [Verdict]) -> Void)? = nil
    ) async -> Run {
        await withContext(transport: transport) { context in
            // Plan everything first: invalid references are answered at once, identical items folded, scopes
            // collected.
            let plan = await CheckPlan.make(items, credentials: credentials, request: request)
            for (key, repositories) in plan.repositoriesBySession {
                await context.sessions.session(for: key.registry, credential: key.credential).plan(repositories)
            }
            let work = plan.work
            var waiting: [Int: [(item: Int, image: String)]] = [:]
            var results = [[Verdict]?](repeating: nil, count: items.count)
            for (index, entry) in plan.entries.enumerated() {
                switch entry {
                case .answered(let verdict):
                    results[index] = [verdict]
                    onResult?(index, [verdict])
                case .work(let slot, let image):
                    waiting[slot, default: []].append((index, image))
                }
            }
            await Self.forEach(count: work.count, jobs: options.jobs) { slot in
                await context.attempts(work[slot])
            } deliver: { slot, verdicts in
                for (index, image) in waiting[slot] ?? [] {
                    let named = verdicts.map { verdict in
                        var copy = verdict
                        copy.image = image
                        return copy
                    }
                    results[index] = named
                    onResult?(index, named)
                }
            }
            return Run(attempts: results.map { $0! }, requests: context.counter)
        }
    }

    /// What every check of one run shares: the wire, the request counter, the sessions, the manifests and blobs
    /// already checked.
    struct RunContext: Sendable {
        let http: RegistryHTTP
        let sessions: SessionPool
        let counter: RequestCounter
        let pulls: PullCache
        let request: CheckRequest
        /// The run's (image, credential) checks, each made once.
        let checks = SharedAnswers<CheckPlan.AttemptKey, Verdict>()

        /// A piece of work's attempts, one after the other, until one finds the image.
        func attempts(_ work: CheckPlan.Work) async -> [Verdict] {
            var verdicts: [Verdict] = []
            for attempt in work.attempts {
                let verdict = await checks.answer(CheckPlan.AttemptKey(target: work.key, attempt: attempt)) {
                    await check(work.reference, credential: attempt.credential, source: attempt.source)
                }
                verdicts.append(verdict)
                if verdict.status == .exists { break }
            }
            return verdicts
        }

        /// `--hosts-dir`: the hosts directory, read once per registry.
        let hosts: HostsDirectoryCache?

        /// One image's check with one credential, over the run's shared sessions: the registry's, or with
        /// `--hosts-dir` one per host the hosts directory lets resolve the reference, in containerd's order.
        func check(_ reference: ImageReference, credential: Credential?, source: CredentialSource) async -> Verdict {
            var clients: [RegistryClient] = []
            var fetchClients: [RegistryClient] = []
            if let hosts {
                switch await routes(reference, hosts: hosts) {
                case .success(let routes):
                    for route in routes.resolve {
                        clients.append(await client(reference, credential: credential, route: route))
                    }
                    for route in routes.fetch {
                        fetchClients.append(await client(reference, credential: credential, route: route))
                    }
                case .failure(let problem):
                    return Verdict(
                        image: reference.original, reference: reference, status: problem.status,
                        reason: problem.reason, message: problem.message, credentialSource: source,
                        depth: request.depth)
                }
            } else {
                let session = await sessions.session(for: reference.registry, credential: credential)
                clients.append(
                    RegistryClient(
                        session: session, repository: reference.repository, credential: credential, http: http))
            }
            return await ImageCheck(
                reference: reference, credentialSource: source, clients: clients, fetchClients: fetchClients,
                request: request, pulls: pulls
            ).run()
        }

        /// A client for one host of the hosts directory, over the run's session for that host and credential.
        private func client(_ reference: ImageReference, credential: Credential?, route: HostsRoute) async
            -> RegistryClient
        {
            let session = await sessions.session(for: reference.registry, credential: credential, route: route)
            return RegistryClient(
                session: session, repository: reference.repository, credential: credential, http: http)
        }

        /// The hosts containerd asks to resolve the reference (by tag: `pull` and `resolve`; by digest: `pull`), and
        /// those it fetches manifests and blobs from, in order.
        private func routes(_ reference: ImageReference, hosts: HostsDirectoryCache) async -> Result<
            (resolve: [HostsRoute], fetch: [HostsRoute]), Problem
        > {
            switch await hosts.configuration(for: reference.registry) {
            case .failure(let failure):
                return .failure(
                    Problem(
                        .networkError, .hostsConfigUnusable,
                        message: "containerd would stop before any request for \(reference.registry): \(failure)"))
            case .success(let configuration):
                let endpoints = configuration.resolveEndpoints(byDigest: reference.digest != nil)
                guard !endpoints.isEmpty else {
                    return .failure(
                        Problem(
                            .networkError, .hostsConfigUnusable,
                            message: "the hosts directory leaves no host that may resolve \(reference.identifier) "
                                + "for \(reference.registry) (capabilities)"))
                }
                let route = { HostsRoute(endpoint: $0, registry: configuration.registry) }
                return .success((endpoints.map(route), configuration.fetchEndpoints.map(route)))
            }
        }
    }

    /// Sets up a run (a fresh `CurlEngine` when `transport` is nil, shut down at the end) and runs `body` in it.
    func withContext<T: Sendable>(transport: (any HTTPTransport)?, _ body: (RunContext) async -> T) async -> T {
        let engine = transport == nil ? CurlEngine(userAgent: options.userAgent) : nil
        defer { engine?.shutdown() }
        let counter = RequestCounter()
        let tls = TLSConfiguration(
            insecure: options.insecure, caFile: options.caFile, certDirectory: options.certDirectory,
            sslCertFile: options.sslCertFile)
        let http = RegistryHTTP(transport: transport ?? engine!, options: options, counter: counter, tls: tls)
        return await body(
            RunContext(
                http: http, sessions: SessionPool(http: http), counter: counter, pulls: PullCache(), request: request,
                hosts: options.hostsDirectory.map(HostsDirectoryCache.init(root:))))
    }

    /// Runs `work(0..<count)` with at most `jobs` at once (no task per item up front), handing each result to
    /// `deliver` as it completes.
    static func forEach<T: Sendable>(
        count: Int, jobs: Int, _ work: @escaping @Sendable (Int) async -> T,
        deliver: (Int, T) -> Void
    ) async {
        await withTaskGroup(of: (Int, T).self) { group in
            var next = 0
            while next < count && next < max(1, jobs) {
                let index = next
                group.addTask { (index, await work(index)) }
                next += 1
            }
            for await (index, result) in group {
                deliver(index, result)
                if next < count {
                    let index = next
                    group.addTask { (index, await work(index)) }
                    next += 1
                }
            }
        }
    }
}
