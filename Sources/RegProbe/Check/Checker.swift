/// The library's entry point: checks images and returns one `Verdict` each, in the order given.
///
/// Checks run concurrently (at most `options.jobs` at once) over one `CurlEngine`; checks of the same registry
/// with the same credential share one `RegistrySession` (one ping, one token per scope).
public struct Checker: Sendable {
    public let options: CheckOptions
    public let credentials: CredentialResolver

    public init(options: CheckOptions, credentials: CredentialResolver) {
        self.options = options
        self.credentials = credentials
    }

    /// - Parameter transport: the wire; a fresh `CurlEngine` (shut down at the end) when nil.
    public func check(_ images: [String], transport: (any HTTPTransport)? = nil) async -> [Verdict] {
        let engine = transport == nil ? CurlEngine(userAgent: options.userAgent) : nil
        defer { engine?.shutdown() }
        let http = RegistryHTTP(transport: RedirectPolicy(base: transport ?? engine!), options: options)
        let sessions = SessionPool(http: http)

        var verdicts = [Verdict?](repeating: nil, count: images.count)
        await withTaskGroup(of: (Int, Verdict).self) { group in
            var next = 0
            func launch() {
                let index = next
                let image = images[index]
                next += 1
                group.addTask { (index, await self.checkOne(image, sessions: sessions, http: http)) }
            }
            while next < images.count && next < max(1, options.jobs) { launch() }
            for await (index, verdict) in group {
                verdicts[index] = verdict
                if next < images.count { launch() }
            }
        }
        return verdicts.map { $0! }
    }

    private func checkOne(_ image: String, sessions: SessionPool, http: RegistryHTTP) async -> Verdict {
        let reference: ImageReference
        switch ImageReference.parse(image) {
        case .success(let value):
            reference = value
        case .failure(let error):
            return Verdict(image: image, reference: nil, status: .invalidReference, message: error.reason,
                           hint: Hint.forVerdict(status: .invalidReference, reference: nil, credentialSource: .anonymous, httpStatus: nil))
        }
        let (credential, source) = credentials.resolve(registry: reference.registry, repository: reference.repository)
        let session = await sessions.session(for: reference.registry, credential: credential)
        return await ManifestProbe(session: session, reference: reference, credential: credential,
                                   credentialSource: source, http: http).run()
    }
}

/// One `RegistrySession` per (registry, credential) per run.
actor SessionPool {
    private struct Key: Hashable {
        let registry: RegistryHost
        let credential: Credential?
    }

    private let http: RegistryHTTP
    private var sessions: [Key: RegistrySession] = [:]

    init(http: RegistryHTTP) { self.http = http }

    func session(for registry: RegistryHost, credential: Credential?) -> RegistrySession {
        let key = Key(registry: registry, credential: credential)
        if let existing = sessions[key] { return existing }
        let session = RegistrySession(registry: registry, credential: credential, http: http)
        sessions[key] = session
        return session
    }
}
