/// containerd's lookup of a registry's directory under a hosts root (`ctr --hosts-dir DIR`, CRI's
/// `config_path`): `<root>/<host>_<port>_` first when the registry has a port, then `<root>/<host:port>`, then
/// `<root>/_default`; the first that exists is used, alone (nothing is merged from the others).
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/config_unix.go#L27-L39
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L242-L264
public enum HostsDirectory {
    /// The directories containerd tries for `registry` (the reference's host as written: `docker.io`,
    /// `localhost:5000`, `[::1]:5000`), in order.
    public static func candidates(root: String, registry: String) -> [String] {
        var out: [String] = []
        let underscored = portDirectoryName(registry)
        if underscored != registry { out.append(GoPath.join(root, underscored)) }
        out.append(GoPath.join(root, registry))
        out.append(GoPath.join(root, "_default"))
        return out
    }

    /// `hostDirectory`: the last `:` (if not the first character) becomes `_`, and `_` is appended:
    /// `localhost:5000` → `localhost_5000_`.
    public static func portDirectoryName(_ registry: String) -> String {
        guard let colon = registry.lastIndex(of: ":"), colon != registry.startIndex else { return registry }
        return registry[..<colon] + "_" + registry[registry.index(after: colon)...] + "_"
    }

    /// `HostDirFromRoot`: the first candidate that exists, or nil. An error other than "does not exist" stops
    /// the lookup (and containerd's pull).
    public static func find(
        root: String, registry: String, in fileSystem: some HostsFileSystem
    ) throws(HostsFileSystemError) -> String? {
        for candidate in candidates(root: root, registry: registry) {
            if try fileSystem.exists(candidate) { return candidate }
        }
        return nil
    }
}
