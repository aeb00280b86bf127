/// containerd stops the pull before any request: the hosts directory cannot be read, or a certificate it names
/// cannot be loaded (`ConfigureHosts` loads every host's CA and client files first). Or the hosts.toml is valid TOML
/// that is not read here, so nothing is predicted.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L171-L217
public enum HostsFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stat, read or listing error other than "does not exist".
    case fileSystem(HostsFileSystemError)
    /// "unable to read CA cert", "unable to read CERT file".
    case unreadableCertificate(HostsFileSystemError)
    /// "unable to load CA cert": the file holds no PEM `CERTIFICATE` block.
    case noCertificate(path: String)
    /// The hosts.toml uses TOML this reader does not read (dates, arrays of tables): `FILE:LINE: message`.
    case unsupportedFile(String)

    public var description: String {
        switch self {
        case .fileSystem(let error): "cannot read the hosts directory: \(error)"
        case .unreadableCertificate(let error): "unable to read certificate file \(error)"
        case .noCertificate(let path): "unable to load CA cert \(path): no PEM certificate in it"
        case .unsupportedFile(let message): "not read: \(message)"
        }
    }
}
