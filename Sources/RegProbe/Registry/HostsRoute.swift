/// A host of containerd's hosts directory (`--hosts-dir`) that a registry's requests are routed to: a mirror, the
/// `server`, or the registry itself as hosts.toml configures it. Its requests go to its own path (`/v2`, or
/// `override_path`), with `?ns=<registry>` when it is not the registry itself, and carry its `header`s.
/// https://github.com/containerd/containerd/blob/v1.6.20/docs/hosts.md
struct HostsRoute: Sendable, Hashable {
    let endpoint: HostsEndpoint
    /// The reference's registry, as containerd names it (`docker.io`, `localhost:5000`).
    let registry: String

    /// The host's name for messages: `http://127.0.0.1:5001/v2` (no query, no credentials: a hosts.toml names none).
    var display: String {
        endpoint.url?.string ?? "\(endpoint.scheme)://\(endpoint.host)\(endpoint.path)"
    }

    func url(of operation: RegistryOperation, in repository: String) -> RequestURL? {
        endpoint.requestURL(
            repository: repository, kind: operation.kind, reference: operation.reference, registry: registry)
    }

    /// `mirror`, `server` or `upstream`.
    var role: String {
        switch endpoint.role {
        case .mirror: "mirror"
        case .server: "server"
        case .upstream: "upstream"
        }
    }

    /// The headers hosts.toml adds to every request to this host.
    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        for header in endpoint.header {
            for value in header.values { headers.add(header.name, value) }
        }
        return headers
    }
}
