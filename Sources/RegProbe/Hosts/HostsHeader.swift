/// An HTTP header of hosts.toml's `[host."...".header]`: its name as written (containerd does not canonicalise it)
/// and its values (a string gives one, an array one each).
public struct HostsHeader: Sendable, Hashable {
    public let name: String
    public let values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
