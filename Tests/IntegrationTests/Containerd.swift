import Foundation

/// containerd 1.6 (Debian's), the oracle for "will it pull": the lab's private daemon (`scripts/lab/lab.sh up` starts
/// it when run as root, and writes `LAB_CONTAINERD_SOCK` to `lab.env`), asked through `scripts/lab/containerd.sh
/// pull`, which runs `ctr images pull` (fetch every blob of the chosen platform, verify digests and sizes, unpack) in
/// a fresh namespace of a daemon whose content is isolated per namespace, so no pull reuses another's blobs.
/// https://github.com/containerd/containerd/blob/v1.6.20/cmd/ctr/commands/images/pull.go
struct Containerd: Sendable {
    let labDirectory: String
    /// `hosts.toml` files for the lab's TLS registries (the lab CA; the mTLS registry's client certificate).
    let hostsDirectory: String

    /// The harness script, beside the package.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/lab/containerd.sh").path
    }

    /// The lab runs a containerd: `lab.env` names its socket.
    static var available: Bool { Lab.shared.map { Containerd(lab: $0) != nil } ?? false }

    init?(lab: Lab) {
        guard lab.values["LAB_CONTAINERD_SOCK"] != nil, let dir = lab.values["LAB_DIR"],
            let hosts = lab.values["LAB_CONTAINERD_HOSTS"]
        else { return nil }
        labDirectory = dir
        hostsDirectory = hosts
    }

    /// The harness could not ask containerd (no daemon, no answer in time, an unreadable report): not a verdict.
    struct HarnessFailure: Error, CustomStringConvertible {
        let reference: String
        let exitCode: Int32
        let output: String
        var description: String {
            "scripts/lab/containerd.sh pull \(reference) gave no verdict (exit \(exitCode)): \(output)"
        }
    }

    /// Pulls `reference` (a loopback registry) in a namespace of its own. `tls`: use the lab's hosts directory
    /// (HTTPS with the lab CA); without it containerd speaks plain HTTP to loopback. `user`: `name:password`, handed
    /// to `ctr --user` and never shown (the script redacts it). `hostsDirectory`: a hosts directory of the test's own
    /// (instead of the lab's). Bounded: the script gives `ctr` 60 s, this 120 s.
    func pull(
        _ reference: String, tls: Bool = false, user: String? = nil, platform: String? = nil,
        hostsDirectory: String? = nil
    ) throws -> ContainerdPull {
        var arguments = [Self.script, "pull", labDirectory, reference]
        if let hostsDirectory {
            arguments += ["--hosts-dir", hostsDirectory]
        } else if tls {
            arguments += ["--hosts-dir", self.hostsDirectory]
        }
        if let user { arguments += ["--user", user] }
        if let platform { arguments += ["--platform", platform] }
        let run = try RegProbeBinary.run(arguments, timeout: 120, executable: "/bin/bash")
        guard run.exitCode == 0 || run.exitCode == 1, let pull = ContainerdPull(report: run.stdout) else {
            throw HarnessFailure(reference: reference, exitCode: run.exitCode, output: run.stdout + run.stderr)
        }
        return pull
    }
}
