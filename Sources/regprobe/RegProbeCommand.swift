import ArgumentParser
import RegProbe

@main
struct RegProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regprobe",
        abstract: "Will this image pull? Checks images and credentials against registries, without a Docker daemon.",
        version: RegProbeVersion.current,
        subcommands: [CheckCommand.self, SecretCommand.self, ScanCommand.self],
        defaultSubcommand: CheckCommand.self
    )
}
