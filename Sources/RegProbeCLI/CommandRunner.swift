import ArgumentParser

/// Parses the arguments for a root command and runs whichever (sub)command they select, async or not; errors
/// end the process with argument-parser's exit codes (64 for usage).
public enum CommandRunner {
    public static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]? = nil) async -> Never {
        do {
            var command = try root.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            root.exit()
        } catch {
            root.exit(withError: error)
        }
    }
}
