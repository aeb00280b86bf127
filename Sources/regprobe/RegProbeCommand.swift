import ArgumentParser
import RegProbe
import RegProbeCLI

/// `regprobe`: the check. `scan`, `secret` and `check --secret` are handed to `regprobe-kube` before parsing.
@main
struct RegProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regprobe",
        abstract: "Will this image pull? Checks images and credentials against registries, without a Docker daemon.",
        version: VersionText.text,
        subcommands: [CheckCommand.self, SecretHandoff.self, ScanHandoff.self],
        defaultSubcommand: CheckCommand.self
    )

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if KubeHandoff.needed(arguments) {
            let reason = KubeHandoff.exec(arguments)
            Terminal().error("regprobe: " + reason)
            Self.exit(withError: ExitCode(RunExitCode.invalidInput))
        }
        CommandRunner.run(Self.self, arguments: arguments)
    }
}

/// Listed in `regprobe --help`; run by `regprobe-kube` (the handoff happens before parsing).
struct ScanHandoff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Predict, before kubectl apply, whether every container in these manifests will pull its image.")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

struct SecretHandoff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract:
            "Validate a Kubernetes pull secret before kubectl apply: its shape, its credentials, and which entry pulls an image."
    )
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}
