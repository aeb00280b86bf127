/// What containerd may ask of a host in hosts.toml (`capabilities`): `pull` (fetch blobs and manifests by digest),
/// `resolve` (turn a tag into a digest), `push`. A host without `resolve` is never asked about a tag; one without
/// `pull` is not asked to resolve a digest. No `capabilities` key (or an empty list) means all three.
/// https://github.com/containerd/containerd/blob/v1.6.20/docs/hosts.md#capabilities-field
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L409-L425
public struct HostCapabilities: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let pull = HostCapabilities(rawValue: 1)
    public static let resolve = HostCapabilities(rawValue: 2)
    public static let push = HostCapabilities(rawValue: 4)
    public static let all: HostCapabilities = [.pull, .resolve, .push]

    /// containerd's names, case-insensitive (`strings.ToLower`); nil for any other word, which makes containerd
    /// ignore the whole file ("unknown capability").
    public init?(name: String) {
        switch name.lowercased() {
        case "pull": self = .pull
        case "resolve": self = .resolve
        case "push": self = .push
        default: return nil
        }
    }

    /// `pull, resolve`, in containerd's order.
    public var description: String {
        [(HostCapabilities.pull, "pull"), (.resolve, "resolve"), (.push, "push")]
            .filter { contains($0.0) }.map(\.1).joined(separator: ", ")
    }
}
