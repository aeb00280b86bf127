/// Normalises the keys of the `auths` object of a Docker `config.json` / containers `auth.json`.
///
/// Over the years these files have used every form of registry address as a key:
///
///     "https://index.docker.io/v1/"   (docker login to Docker Hub, still the canonical Hub key)
///     "index.docker.io", "docker.io", "registry-1.docker.io", "https://registry-1.docker.io"
///     "ghcr.io", "localhost:5000", "https://registry.example.com", "http://10.0.0.1:5000/", "https://host/v2/"
///     "quay.io/org/repo", "quay.io/org"    (containers auth.json: namespace-scoped)
///
/// References:
/// - Docker CLI, `ConvertToHostname` / `GetAuthConfig` (config/credentials, config/configfile): the scheme and
///   everything after the host are dropped;
/// - containers/image `normalizeAuthFileKey` (pkg/docker/config, containers-auth.json(5)): a key without a scheme
///   may carry a repository namespace, a key with a scheme is reduced to its host.
public enum RegistryKey {
    /// Docker Hub's historical names; all of them mean `docker.io`.
    static let dockerHubAliases: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    /// Reduces an `auths` key to a registry host and an optional repository namespace.
    ///
    /// - The host is lowercased (host names are case-insensitive, RFC 3986 §3.2.2); the Docker Hub aliases
    ///   become `docker.io`. A port is kept (`localhost:5000` and `localhost` are different registries).
    /// - `http://` / `https://` (any case, any `scheme://`) is removed; with a scheme, only the host is kept
    ///   (`https://host/v1/`, `https://host/v2/`, `https://host/anything` → `host`), as Docker and containers/image do.
    /// - Without a scheme the rest is a namespace (`quay.io/org/repo` → `quay.io`, `org/repo`): empty components
    ///   and slashes at either end are dropped, components are lowercased (repository names are lowercase,
    ///   distribution spec). The API-version forms `host/v1/` and `host/v2/` (with the trailing slash) are
    ///   treated as the bare host.
    public static func normalize(_ key: String) -> (host: String, path: String?) {
        var rest = Substring(key)
        while let first = rest.first, first.isWhitespace { rest.removeFirst() }
        while let last = rest.last, last.isWhitespace { rest.removeLast() }

        var hadScheme = false
        if let separator = rest.firstRange(of: "://") {
            let scheme = rest[..<separator.lowerBound]
            if !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
            {
                rest = rest[separator.upperBound...]
                hadScheme = true
            }
        }

        let hostPart: Substring
        let pathPart: Substring
        if let slash = rest.firstIndex(of: "/") {
            hostPart = rest[..<slash]
            pathPart = rest[rest.index(after: slash)...]
        } else {
            hostPart = rest
            pathPart = ""
        }

        var host = hostPart.lowercased()
        if dockerHubAliases.contains(host) { host = "docker.io" }

        guard !hadScheme else { return (host, nil) }
        let components = pathPart.split(separator: "/").map { $0.lowercased() }
        if components.isEmpty { return (host, nil) }
        if components.count == 1, components[0] == "v1" || components[0] == "v2", pathPart.hasSuffix("/") {
            return (host, nil)
        }
        return (host, components.joined(separator: "/"))
    }

    /// The host `normalize(_:)` gives for a registry, so that keys and registries compare equal.
    static func host(of registry: RegistryHost) -> String {
        normalize(registry.name).host
    }

    /// Whether a namespace (`org` or `org/repo`) covers a repository (`org/repo/sub`): equal, or a prefix by whole
    /// path components.
    static func namespace(_ namespace: String, covers repository: String) -> Bool {
        let repository = repository.lowercased()
        return repository == namespace || repository.hasPrefix(namespace + "/")
    }
}
