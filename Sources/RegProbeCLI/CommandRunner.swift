import ArgumentParser
import Dispatch

/// Parses the arguments for a root command and runs whichever (sub)command they select, async or not; errors
/// end the process with argument-parser's exit codes (64 for usage).
///
/// The entry points are synchronous: an async command runs on Swift's global executor while the main thread
/// waits for it. An async `main` (what `AsyncParsableCommand.main` is) drains the main queue instead, and that
/// machinery alone cost a cold check 0.65 MiB of peak RSS, measured against the same program with a synchronous
/// entry (README, Performance). Nothing in regprobe runs on the main actor, so nothing waits for the main thread.
public enum CommandRunner {
    public static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]? = nil) -> Never {
        do {
            var command = try root.parseAsRoot(arguments)
            if let asyncCommand = command as? AsyncParsableCommand {
                try runBlocking(asyncCommand)
            } else {
                try command.run()
            }
            root.exit()
        } catch {
            root.exit(withError: error)
        }
    }

    /// Runs `command` in a detached task and blocks this thread until it is done; rethrows what it threw.
    static func runBlocking(_ command: any AsyncParsableCommand) throws {
        /// The command and its outcome, handed between this thread and the task; the semaphore orders the accesses.
        final class Run: @unchecked Sendable {
            var command: any AsyncParsableCommand
            var error: (any Error)?
            let done = DispatchSemaphore(value: 0)

            init(_ command: any AsyncParsableCommand) { self.command = command }
        }
        let run = Run(command)
        Task.detached {
            do {
                try await run.command.run()
            } catch {
                run.error = error
            }
            run.done.signal()
        }
        run.done.wait()
        if let error = run.error { throw error }
    }
}
