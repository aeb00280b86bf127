/// The library's entry point: checks images and returns one `Verdict` each, in the order given.
///
/// - Checks run concurrently, at most `options.jobs` at once, over one `CurlEngine` (shared connections).
/// - The same reference given twice (same normalised name, same credential) is checked once.
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

    /// What a run produced: a verdict per image given, and the requests it sent.
    public struct Run: Sendable {
        public let verdicts: [Verdict]
        public let requests: RequestCounter
    }

    public func check(_ images: [String], transport: (any HTTPTransport)? = nil) async -> [Verdict] {
        await run(images, transport: transport).verdicts
    }

    /// - Parameters:
    ///   - transport: the wire; a fresh `CurlEngine` (shut down at the end) when nil.
    ///   - onVerdict: called as each image's verdict is known (in completion order, with its index), so output can
    ///     stream; see `OrderedEmitter`.
    public func run(
        _ images: [String], transport: (any HTTPTransport)? = nil,
        onVerdict: (@Sendable (Int, Verdict) -> Void)? = nil
    ) async -> Run {
        await withContext(transport: transport) { context in
            // Parse everything first: invalid references are answered at once, duplicates folded, scopes planned.
            let plan = await CheckPlan.make(
                images: images, credentials: credentials, timeoutSeconds: request.timeoutSeconds)
            for (key, repositories) in plan.repositoriesBySession {
                await context.sessions.session(for: key.registry, credential: key.credential).plan(repositories)
            }
            var verdicts = [Verdict?](repeating: nil, count: images.count)
            await Self.forEach(count: plan.work.count, jobs: options.jobs) { workIndex in
                await self.perform(plan.work[workIndex], context: context)
            } deliver: { workIndex, verdict in
                for index in plan.work[workIndex].indices {
                    var copy = verdict
                    copy.image = images[index]
                    verdicts[index] = copy
                    onVerdict?(index, copy)
                }
            }
            return Run(verdicts: verdicts.map { $0! }, requests: context.counter)
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

        /// One image's check with one credential, over the run's shared session for it.
        func check(_ reference: ImageReference, credential: Credential?, source: CredentialSource) async -> Verdict {
            let session = await sessions.session(for: reference.registry, credential: credential)
            let client = RegistryClient(
                session: session, repository: reference.repository, credential: credential, http: http)
            return await ImageCheck(
                reference: reference, credentialSource: source, client: client, request: request, pulls: pulls
            ).run()
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
                http: http, sessions: SessionPool(http: http), counter: counter, pulls: PullCache(), request: request))
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

    private func perform(_ work: CheckPlan.Work, context: RunContext) async -> Verdict {
        switch work.target {
        case .invalid(let image, let error):
            return Verdict(
                image: image, reference: nil, status: .invalidReference, reason: .invalidReference,
                message: error.reason, depth: request.depth)
        case .credentialFailure(let reference, let failure):
            return Verdict(
                image: reference.original, reference: reference, status: .unauthorized,
                reason: .credentialHelperFailed, message: failure.message, credentialSource: .anonymous,
                depth: request.depth)
        case .check(let reference, let credential, let source):
            return await context.check(reference, credential: credential, source: source)
        }
    }
}

/// A run's images, parsed, with their credentials, duplicates folded into one piece of work each.
struct CheckPlan {
    struct SessionKey: Hashable {
        let registry: RegistryHost
        let credential: Credential?
    }

    enum Target {
        case invalid(String, ReferenceError)
        case credentialFailure(ImageReference, CredentialHelper.Failure)
        case check(ImageReference, Credential?, CredentialSource)
    }

    struct Work {
        let target: Target
        /// The positions in the run's image list this answers.
        var indices: [Int]
    }

    private(set) var work: [Work] = []
    private(set) var repositoriesBySession: [SessionKey: [String]] = [:]

    /// Parses every image, then looks up every valid one's credentials at once (credential helpers run
    /// concurrently, off Swift's cooperative pool, under one deadline that fits `timeoutSeconds`), then folds
    /// duplicates.
    static func make(images: [String], credentials: CredentialResolver, timeoutSeconds: Double) async -> CheckPlan {
        let parsed = images.map { ImageReference.parse($0) }
        var targets: [(registry: RegistryHost, repository: String)] = []
        for case .success(let reference) in parsed {
            targets.append((reference.registry, reference.repository))
        }
        var lookups = await credentials.lookup(targets, timeoutSeconds: timeoutSeconds)[...]
        var plan = CheckPlan()
        for (index, image) in images.enumerated() {
            switch parsed[index] {
            case .failure(let error):
                plan.work.append(Work(target: .invalid(image, error), indices: [index]))
            case .success(let reference):
                plan.add(reference, lookup: lookups.removeFirst(), index: index)
            }
        }
        return plan
    }

    private var byKey: [String: Int] = [:]

    private mutating func add(_ reference: ImageReference, lookup: CredentialResolver.Lookup, index: Int) {
        let credential: Credential?
        let source: CredentialSource
        switch lookup {
        case .success(let found):
            (credential, source) = found
        case .failure(let failure):
            work.append(Work(target: .credentialFailure(reference, failure), indices: [index]))
            return
        }
        let key =
            "\(reference.registry.name)/\(reference.repository)@\(reference.identifier)|\(source)|"
            + (credential?.username ?? "")
        if let existing = byKey[key] {
            work[existing].indices.append(index)
            return
        }
        byKey[key] = work.count
        work.append(Work(target: .check(reference, credential, source), indices: [index]))
        let sessionKey = SessionKey(registry: reference.registry, credential: credential)
        repositoriesBySession[sessionKey, default: []].append(reference.repository)
    }
}

/// One `RegistrySession` per (registry, credential) per run.
actor SessionPool {
    private let http: RegistryHTTP
    private var sessions: [CheckPlan.SessionKey: RegistrySession] = [:]

    init(http: RegistryHTTP) { self.http = http }

    func session(for registry: RegistryHost, credential: Credential?) -> RegistrySession {
        let key = CheckPlan.SessionKey(registry: registry, credential: credential)
        if let existing = sessions[key] { return existing }
        let session = RegistrySession(registry: registry, credential: credential, http: http)
        sessions[key] = session
        return session
    }
}
