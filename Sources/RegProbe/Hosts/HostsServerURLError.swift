/// Go's `url.Parse` refused a hosts.toml host name or `server`; containerd ignores the file
/// ("unable to parse server").
public struct HostsServerURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
