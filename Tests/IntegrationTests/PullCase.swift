import Foundation
import Testing

/// One row of the "will it pull" table (`PullCases.all`): an image in the lab, what containerd does with it, and
/// what regprobe says about it today. A new column (regprobe `--deep`, say) is a new stored property here, filled in
/// `PullCases`, and one more step in `ContainerdOracleTests.verdicts`.
struct PullCase: Sendable, CustomTestStringConvertible {
    /// containerd's verdict on a pull of the case.
    enum Pull: Sendable {
        /// Every blob of the chosen platform is fetched, verified and unpacked.
        case pulls
        /// containerd refuses; its error holds every one of these texts, which name the one defect the image has
        /// (so the refusal is due to it, not to something else).
        case refused(because: @Sendable (Lab, PullImages) -> [String])
    }

    let name: String
    /// The image: always on a loopback registry of the lab.
    let reference: @Sendable (Lab, PullImages) -> String
    /// `--platform` for both containerd and regprobe; nil: containerd pulls the host's, regprobe checks none.
    var platform: String? = nil
    /// The registry speaks TLS with the lab CA: containerd gets the lab's hosts directory, regprobe `--ca-file`.
    var tls = false
    /// Credentials: containerd gets `--user name:password`, regprobe `--username name --password-stdin`.
    var credentials: (name: String, password: String)? = nil
    let containerd: Pull
    /// regprobe's status today, in its default mode (manifest HEAD only).
    let regprobe: String

    var testDescription: String { name }

    func regprobeArguments(_ lab: Lab, _ images: PullImages) -> [String] {
        var arguments = ["-o", "json"]
        if let platform { arguments += ["--platform", platform] }
        if tls { arguments += ["--ca-file", lab.ca] }
        if let credentials { arguments += ["--username", credentials.name, "--password-stdin"] }
        return arguments + [reference(lab, images)]
    }

    var regprobeStdin: String? { credentials.map { $0.password + "\n" } }

    func pull(with containerd: Containerd, _ lab: Lab, _ images: PullImages) throws -> ContainerdPull {
        try containerd.pull(
            reference(lab, images), tls: tls, user: credentials.map { "\($0.name):\($0.password)" },
            platform: platform)
    }
}
