/// Why a hosts.toml gave no list of hosts: containerd ignores it (``HostsFileProblem``), or it is valid TOML
/// outside what ``TOMLReader`` reads, so what containerd does with it is not predicted.
public enum HostsFileReadError: Error, Sendable, Hashable {
    case ignored(HostsFileProblem)
    /// `FILE:LINE: message`.
    case unsupported(String)
}
