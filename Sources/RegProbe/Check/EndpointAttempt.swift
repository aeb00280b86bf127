/// With `--hosts-dir`: a host of the hosts directory that was asked to resolve the image and left, and why. containerd
/// tries the hosts in order; the first that answers decides, and when none does the first error is the pull's.
public struct EndpointAttempt: Sendable, Hashable {
    /// The host's API root, `http://127.0.0.1:5001/v2`.
    public let endpoint: String
    /// `mirror` (a `[host."..."]` table), `server` (the top-level `server`) or `upstream` (the registry itself).
    public let role: String
    public let status: Status
    public let message: String

    public init(endpoint: String, role: String, status: Status, message: String) {
        self.endpoint = endpoint
        self.role = role
        self.status = status
        self.message = message
    }
}
