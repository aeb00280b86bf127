/// One host containerd would try for an image, with what hosts.toml says about it.
/// https://github.com/containerd/containerd/blob/v1.6.20/docs/hosts.md
public struct HostsEndpoint: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        /// A `[host."NAME"]` table (a mirror), tried in file order before the last endpoint.
        case mirror(String)
        /// The top-level `server`.
        case server
        /// The reference's own registry: no `server` (or no usable hosts.toml), so containerd falls back to it.
        case upstream
    }

    public let role: Role
    /// `https`, `http`, or whatever the name said (then no request can be made: ``url`` is nil).
    public internal(set) var scheme: String
    /// `host[:port]`; "" when the name gave none (a request to it fails, and the next host is tried).
    public internal(set) var host: String
    /// The API root (`/v2` unless `override_path`).
    public internal(set) var path: String
    public internal(set) var capabilities: HostCapabilities
    /// CA files (absolute), added to the system's CAs for this host only.
    public internal(set) var caFiles: [String]
    /// Client certificates (absolute paths).
    public internal(set) var clientPairs: [HostsClientPair]
    /// `skip_verify` when given; containerd sets it for a loopback upstream spoken to over plain HTTP.
    public internal(set) var skipVerify: Bool?
    public internal(set) var header: [HostsHeader]

    init(role: Role, url: HostsServerURL, entry: HostsFileEntry?, directory: String) {
        self.role = role
        scheme = url.scheme
        host = url.host
        path = url.path
        capabilities = entry?.capabilities ?? .all
        caFiles = entry?.ca?.map { Self.absolute($0, in: directory) } ?? []
        // A string names certificate and key in one file (the key path stays empty); a pair's paths are both
        // made absolute, an empty one becoming the directory itself, as `makeAbsPath` does.
        clientPairs =
            entry?.client?.map { pair in
                HostsClientPair(
                    certificate: Self.absolute(pair.certificate, in: directory),
                    key: pair.key.map { Self.absolute($0, in: directory) })
            } ?? []
        skipVerify = entry?.skipVerify
        header = entry?.header ?? []
    }

    /// The last host when it has no name: the registry itself (filled in by ``HostsResolver``), keeping the
    /// top level's `ca`, `client`, `skip_verify` and `header`.
    init(upstreamFrom nameless: HostsEndpoint) {
        role = .upstream
        scheme = nameless.scheme
        host = nameless.host
        path = nameless.path
        capabilities = nameless.capabilities
        caFiles = nameless.caFiles
        clientPairs = nameless.clientPairs
        skipVerify = nameless.skipVerify
        header = nameless.header
    }

    /// `scheme://host/path`: what containerd dials for this host, read by libcurl's parser; nil when the name
    /// gives no request (no host, a scheme other than http or https): containerd's request fails there and it
    /// tries the next host.
    public var url: RequestURL? {
        guard scheme == "http" || scheme == "https", !host.isEmpty else { return nil }
        return RequestURL("\(scheme)://\(host)\(path)")
    }

    /// Whether containerd adds `?ns=REGISTRY` to requests to this host: it does when the host is not the
    /// reference's own registry (Docker Hub's `registry-1.docker.io` counts as `docker.io`).
    /// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/registry.go (`isProxy`)
    public func isProxy(for registry: String) -> Bool {
        registry != host && !(registry == "docker.io" && host == "registry-1.docker.io")
    }

    /// The URL of `GET/HEAD <path>/<repository>/<kind>/<reference>` as containerd builds it (`path.Join`, then
    /// `?ns=` for a proxy), e.g. kind `manifests` and a tag or digest, or `blobs` and a digest.
    /// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/resolver.go (`request`, `addNamespace`)
    public func requestURL(repository: String, kind: String, reference: String, registry: String) -> RequestURL? {
        guard url != nil else { return nil }
        let path = GoPath.clean("/" + [path, repository, kind, reference].joined(separator: "/"))
        let query = isProxy(for: registry) ? "?ns=" + Percent.encode(registry) : ""
        return RequestURL("\(scheme)://\(host)\(path)\(query)")
    }

    /// `makeAbsPath`: a relative path is taken from the hosts directory.
    static func absolute(_ path: String, in directory: String) -> String {
        GoPath.isAbsolute(path) ? path : GoPath.join(directory, path)
    }
}
