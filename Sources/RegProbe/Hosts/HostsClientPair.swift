/// A TLS client certificate of hosts.toml's `client`: the certificate file and its key file. containerd reads the
/// key from the certificate's own file when no key file is named (`key` is nil): `client = "both.pem"`, or a
/// `.cert` without a `.key` beside it in a certs.d-style directory.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L196-L217
public struct HostsClientPair: Sendable, Hashable {
    public let certificate: String
    public let key: String?

    public init(certificate: String, key: String?) {
        self.certificate = certificate
        self.key = key
    }
}
