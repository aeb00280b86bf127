/// The library's entry point: checks images and returns one `Verdict` each, in the order given.
///
/// - Checks run concurrently, at most `options.jobs` at once, over one `CurlEngine` (shared connections).
/// - The same reference given twice (same normalised name, same credential) is checked once.
/// - Checks of the same registry with the same credential share one `RegistrySession`: one ping, and tokens
///   by scope, the pull scopes of the run's repositories asked together.
public struct Checker: Sendable {
    public let options: CheckOptions
    public let credentials: CredentialResolver

    public init(options: CheckOptions, credentials: CredentialResolver) {
        self.options = options
        self.credentials = credentials
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
    public func run(_ images: [String], transport: (any HTTPTransport)? = nil,
                    onVerdict: (@Sendable (Int, Verdict) -> Void)? = nil) async -> Run {
        let engine = transport == nil ? CurlEngine(userAgent: options.userAgent) : nil
        defer { engine?.shutdown() }
        let counter = RequestCounter()
        let tls = TLSConfiguration(insecure: options.insecure, caFile: options.caFile, certDirectory: options.certDirectory,
                                   sslCertFile: options.sslCertFile)
        let http = RegistryHTTP(transport: RedirectPolicy(base: transport ?? engine!), options: options, counter: counter, tls: tls)
        let sessions = SessionPool(http: http)

        // Parse everything first: invalid references are answered at once, duplicates folded, scopes planned.
        let plan = CheckPlan(images: images, credentials: credentials)
        for (key, repositories) in plan.repositoriesBySession {
            await sessions.session(for: key.registry, credential: key.credential).plan(repositories)
        }

        var verdicts = [Verdict?](repeating: nil, count: images.count)
        func deliver(_ verdict: Verdict, to indices: [Int]) {
            for index in indices {
                var copy = verdict
                copy.image = images[index]
                verdicts[index] = copy
                onVerdict?(index, copy)
            }
        }
        await withTaskGroup(of: (Int, Verdict).self) { group in
            var next = 0
            func launch() {
                let work = plan.work[next]
                next += 1
                let workIndex = next - 1
                group.addTask { (workIndex, await self.perform(work, sessions: sessions, http: http)) }
            }
            while next < plan.work.count && next < max(1, options.jobs) { launch() }
            for await (workIndex, verdict) in group {
                deliver(verdict, to: plan.work[workIndex].indices)
                if next < plan.work.count { launch() }
            }
        }
        return Run(verdicts: verdicts.map { $0! }, requests: counter)
    }

    private func perform(_ work: CheckPlan.Work, sessions: SessionPool, http: RegistryHTTP) async -> Verdict {
        switch work.target {
        case .invalid(let image, let error):
            return Verdict(image: image, reference: nil, status: .invalidReference, message: error.reason,
                           hint: Hint.forVerdict(status: .invalidReference, reference: nil, credentialSource: .anonymous, httpStatus: nil))
        case .credentialFailure(let reference, let failure):
            return Verdict(image: reference.original, reference: reference, status: .unauthorized, message: failure.message,
                           hint: "fix or install the credential helper, or give credentials another way (--username with --password-stdin, --authfile)",
                           credentialSource: .anonymous)
        case .check(let reference, let credential, let source):
            let session = await sessions.session(for: reference.registry, credential: credential)
            return await ManifestProbe(session: session, reference: reference, credential: credential,
                                       credentialSource: source, http: http).run()
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

    init(images: [String], credentials: CredentialResolver) {
        var byKey: [String: Int] = [:]
        for (index, image) in images.enumerated() {
            switch ImageReference.parse(image) {
            case .failure(let error):
                work.append(Work(target: .invalid(image, error), indices: [index]))
            case .success(let reference):
                let credential: Credential?, source: CredentialSource
                switch credentials.lookup(registry: reference.registry, repository: reference.repository) {
                case .success(let found):
                    (credential, source) = found
                case .failure(let failure):
                    work.append(Work(target: .credentialFailure(reference, failure), indices: [index]))
                    continue
                }
                let key = "\(reference.registry.name)/\(reference.repository)@\(reference.identifier)|\(source)|\(credential?.username ?? "")"
                if let existing = byKey[key] {
                    work[existing].indices.append(index)
                    continue
                }
                byKey[key] = work.count
                work.append(Work(target: .check(reference, credential, source), indices: [index]))
                let sessionKey = SessionKey(registry: reference.registry, credential: credential)
                repositoriesBySession[sessionKey, default: []].append(reference.repository)
            }
        }
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
