/// One `RegistrySession` per (registry, credential) per run.
actor SessionPool {
    struct Key: Hashable {
        let registry: RegistryHost
        let credential: Credential?
        var route: HostsRoute? = nil
    }

    private let http: RegistryHTTP
    private var sessions: [Key: RegistrySession] = [:]

    init(http: RegistryHTTP) { self.http = http }

    func session(for registry: RegistryHost, credential: Credential?, route: HostsRoute? = nil) -> RegistrySession {
        let key = Key(registry: registry, credential: credential, route: route)
        if let existing = sessions[key] { return existing }
        let session = RegistrySession(registry: registry, credential: credential, http: http, route: route)
        sessions[key] = session
        return session
    }
}
