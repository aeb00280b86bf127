import RegProbeCLI

CommandRunner.run(RegProbeCommand.self)
