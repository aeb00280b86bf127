/// One `RegistrySession` per (registry, credential, and with `--hosts-dir` the host spoken to) per run.
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
        // A hosts directory's host speaks TLS as its hosts.toml says: set up once, with its first session.
        if let route { http.tls.route(route.endpoint) }
        let session = RegistrySession(registry: registry, credential: credential, http: http, route: route)
        sessions[key] = session
        return session
    }
}
