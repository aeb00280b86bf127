import ArgumentParser
import RegProbe

/// `regprobe`: the check (the default subcommand), `secret` and `scan`, in one binary.
public struct RegProbeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "regprobe",
        abstract: "Will this image pull? Checks images and credentials against registries, without a Docker daemon.",
        version: VersionText.text,
        subcommands: [CheckCommand.self, SecretCommand.self, ScanCommand.self],
        defaultSubcommand: CheckCommand.self
    )

    public init() {}
}
