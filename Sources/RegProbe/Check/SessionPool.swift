/// One `RegistrySession` per (registry, credential) per run.
actor SessionPool {
    struct Key: Hashable {
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
