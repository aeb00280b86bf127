/// Why containerd ignores a hosts.toml: it logs "failed to decode hosts.toml" with the reason and reads the
/// directory as a Docker certs.d directory instead (`*.crt`, `*.cert`, `*.key`), so the pull goes to the
/// reference's own registry.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L266-L286
public struct HostsFileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not TOML.
        case syntax
        /// No `host` table: containerd's "invalid `host` tree" (`getSortedHosts`).
        case hostTree
        /// A known key with a value of the wrong type (`ca = 1`, `skip_verify = "yes"`, a host that is no table).
        case fieldType
        /// A `capabilities` word other than pull, resolve, push.
        case unknownCapability
        /// A host name or `server` that Go's `url.Parse` refuses.
        case url
    }

    public let kind: Kind
    public let file: String
    /// The line in `file`, when known.
    public let line: Int?
    public let message: String

    public init(_ kind: Kind, file: String, line: Int?, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
