/// Where a registry answered its ping (`RegistryPing`), and the challenge it gave: nil when `/v2/` answered 200, or
/// 403 (some registries refuse the anonymous ping but answer manifests).
struct RegistryEndpoint: Sendable {
    /// `scheme://host:port`, the API's root.
    let base: RequestURL
    let challenge: AuthChallenge?
    /// The hosts directory's host this endpoint stands for (`--hosts-dir`): its path, `?ns=` and headers.
    var route: HostsRoute? = nil

    var isPlainHTTP: Bool { base.scheme == "http" }

    /// The URL of one operation on a repository of this registry: `/v2/<name>/manifests/<reference>` or
    /// `/v2/<name>/blobs/<digest>` under `base`.
    /// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints
    func url(of operation: RegistryOperation, in repository: String) -> RequestURL? {
        if let route { return route.url(of: operation, in: repository) }
        return base.replacingPath(operation.path(in: repository))
    }
}
