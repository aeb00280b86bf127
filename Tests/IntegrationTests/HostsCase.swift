import Foundation
import RegProbe
import Testing

/// One hosts.toml case: a hosts directory (files by path relative to it), an
/// image, what containerd does (pulls or not) and which host answers. ``HostsCases`` lists them;
/// `ContainerdHostsTests` asks containerd and compares with ``HostsResolver``'s list of hosts.
struct HostsCase: Sendable, CustomTestStringConvertible {
    /// Which host answers the resolve request: a `[host."..."]` mirror, the top-level `server`, or the reference's
    /// own registry.
    enum Answer: Sendable, Equatable {
        case mirror
        case server
        case upstream

        init(_ role: HostsEndpoint.Role) {
            switch role {
            case .mirror: self = .mirror
            case .server: self = .server
            case .upstream: self = .upstream
            }
        }
    }

    let name: String
    /// `registry/repository:tag` or `@digest`.
    let reference: @Sendable (Lab) -> String
    /// The hosts directory's files: relative path → content.
    let files: @Sendable (Lab) -> [String: String]
    /// containerd 1.6.20 pulls the image (checked on every run).
    let pulls: Bool
    /// The host that answers; nil when none does.
    let answer: Answer?
    /// containerd ignores the hosts.toml, for this reason.
    var ignored: HostsFileProblem.Kind? = nil

    var testDescription: String { name }

    /// `host_port_` for a lab registry `host:port`, containerd's first choice.
    static func directory(_ registry: String) -> String { HostsDirectory.portDirectoryName(registry) }

    /// A `[host."http://MIRROR"]` table with these capabilities.
    static func mirror(_ lab: Lab, _ capabilities: [String]) -> String {
        "[host.\"http://\(lab["LAB_MIRROR"])\"]\n  capabilities = [\(capabilities.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
    }
}
