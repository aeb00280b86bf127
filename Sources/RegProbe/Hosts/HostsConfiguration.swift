/// What containerd 1.6.20 makes of a hosts directory for one registry: where it looked, what it read, and the hosts
/// it tries, in order. Built by ``HostsResolver``.
public struct HostsConfiguration: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// No directory for the registry and no `_default`: the registry itself, with containerd's defaults.
        case none
        /// `DIR/hosts.toml` was read.
        case hostsFile(String)
        /// A directory without a (usable) hosts.toml: read as Docker's certs.d (`*.crt` CAs, `*.cert` + `*.key`
        /// client pairs) for the registry itself.
        case certificateFiles(String)
    }

    /// The reference's registry (`docker.io`, `localhost:5000`).
    public let registry: String
    /// The directory used: the registry's own or `_default`; nil when none exists.
    public let directory: String?
    public let source: Source
    /// A hosts.toml that containerd ignored, and why (then ``source`` is `certificateFiles`).
    public let ignoredFile: HostsFileProblem?
    /// Hosts that start on one line: their order is not defined in containerd (see ``HostsFile/hostsSharingALine``).
    public let hostsSharingALine: [String]
    /// Every host, in containerd's order; the last is the `server` or the registry itself.
    public let endpoints: [HostsEndpoint]

    /// The hosts containerd asks to resolve a reference (`Resolve`), in order: by tag only those with `pull` and
    /// `resolve`; by digest those with `pull` (it asks each for `manifests/<digest>`, then each for
    /// `blobs/<digest>`). Each is tried in turn: a 404 moves on silently, another error is kept (the first one is
    /// reported when none answers), and the first host that answers decides. Empty: "no resolve hosts".
    /// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/resolver.go#L221-L395
    public func resolveEndpoints(byDigest: Bool) -> [HostsEndpoint] {
        let needed: HostCapabilities = byDigest ? .pull : [.pull, .resolve]
        return endpoints.filter { $0.capabilities.isSuperset(of: needed) }
    }

    /// The hosts containerd fetches manifests and blobs from once resolved (`dockerFetcher.Fetch`), in order. In
    /// 1.6.20 that is every host, whatever its capabilities, as long as one has `pull` (it checks the filtered list
    /// for emptiness, then loops over all hosts); empty otherwise ("no pull hosts").
    /// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/fetcher.go#L39-L152
    public var fetchEndpoints: [HostsEndpoint] {
        endpoints.contains { $0.capabilities.contains(.pull) } ? endpoints : []
    }
}
