import ArgumentParser
import RegProbe

#if canImport(Glibc)
import Glibc
#endif

/// `regprobe [check] IMAGE...`: parse flags, call `Checker`, render, exit. With `--secret`, the credentials come
/// from Kubernetes pull secrets (`checkWithSecrets`).
public struct CheckCommand: AsyncParsableCommand {
    public init() {}

    /// A pull-secret file that cannot be used: its error code and message.
    public struct SecretFileError: Error, Sendable {
        public let code: String
        public let message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that images exist and that the credentials may pull them.",
        discussion: """
            Exit codes: 0 every image exists; 4 invalid reference or unusable credentials file; \
            2 unauthorized or denied; 1 not found; 3 network, TLS, server error or rate limit; 64 usage error.
            """
    )

    @Argument(help: "Images: [registry[:port]/]repository[:tag][@digest]. Docker Hub when no registry is given.")
    var images: [String] = []

    @OptionGroup(title: "Credentials") var credentials: CredentialFlags

    @Option(
        name: .customLong("secret"),
        help: ArgumentHelp(
            "Kubernetes pull secret (YAML/JSON file, repeatable): credentials picked from it as kubelet would.",
            valueName: "file"))
    var secretFiles: [String] = []
    @OptionGroup(title: "Connection") var connection: ConnectionFlags
    @OptionGroup(title: "Output") var output: OutputFlags

    public func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image, e.g. regprobe nginx:1.27") }
        try credentials.validate()
        try connection.validate()
        if output.format == .junit { throw ValidationError("-o junit is for regprobe scan; use text or json") }
        if !secretFiles.isEmpty && (credentials.username != nil || credentials.authfile != nil || credentials.anonymous)
        {
            throw ValidationError(
                "--secret picks the credentials; it cannot be combined with --username, --authfile or --anonymous")
        }
    }

    public func run() async throws {
        let terminal = Terminal()
        let options = connection.checkOptions(verbose: output.verbose, terminal: terminal)
        if !secretFiles.isEmpty {
            let checker = Checker(
                options: options, credentials: .anonymous, request: connection.checkRequest(terminal: terminal))
            switch await Self.checkWithSecrets(files: secretFiles, images: images, checker: checker) {
            case .failure(let error):
                throw fail(code: error.code, message: error.message, terminal: terminal)
            case .success(let verdicts):
                render(verdicts, terminal: terminal)
                let code = RunExitCode.forRun(verdicts.map(\.status))
                if code != 0 { throw ArgumentParser.ExitCode(code) }
                return
            }
        }
        let credentialOptions: CredentialOptions
        do {
            credentialOptions = try credentials.options(environment: terminal)
        } catch let error as InputError {
            throw fail(code: "password-stdin", message: error.message, terminal: terminal)
        }
        let resolver: CredentialResolver
        do {
            resolver = try CredentialResolver.load(credentialOptions, exists: terminal.fileExists)
        } catch {
            throw fail(
                code: "credentials-file",
                message: "cannot use credentials file: \(error.description); fix or remove it, or pass --anonymous",
                terminal: terminal)
        }
        if output.verbose, !resolver.files.isEmpty {
            terminal.error("credentials files: " + resolver.files.joined(separator: ", "))
        }

        let checker = Checker(
            options: options, credentials: resolver, request: connection.checkRequest(terminal: terminal))
        let run: Checker.Run
        switch output.format {
        case .json, .junit:
            run = await checker.run(images.map(CheckItem.init(image:)))
            terminal.out(JSONReport.render(run.verdicts))
        case .text:
            // Lines stream in the order given, as soon as the ordered prefix is ready.
            let width = TextReport.imageColumnWidth(images)
            let color = terminal.colorOnStdout
            let progress = Progress(total: images.count, enabled: terminal.progressOnStderr && images.count > 5)
            let emitter = OrderedEmitter { verdict in
                progress.clear()
                terminal.out(TextReport.line(verdict, width: width, color: color))
                progress.record(verdict)
            }
            run = await checker.run(images.map(CheckItem.init(image:))) { index, attempts in
                emitter.receive(index, Checker.Run.answer(attempts))
            }
            progress.clear()
        }
        if output.verbose {
            let summary = run.requests.byHost.map { "\($0.host) \($0.requests)" }.joined(separator: ", ")
            terminal.error("requests: \(run.requests.total) (\(summary.isEmpty ? "none" : summary))")
        }
        let verdicts = run.verdicts
        for verdict in verdicts {
            let registry = verdict.reference?.registry.name ?? verdict.image
            for warning in verdict.warnings.prefix(Self.warningsShown) {
                terminal.error("warning: \(registry): \(TerminalText.escape(warning, limit: TerminalText.fieldLimit))")
            }
            if verdict.warnings.count > Self.warningsShown {
                terminal.error(
                    "warning: \(registry): \(verdict.warnings.count - Self.warningsShown) more warnings (-o json lists them)"
                )
            }
        }
        let code = RunExitCode.forRun(verdicts.map(\.status))
        if code != 0 { throw ArgumentParser.ExitCode(code) }
    }

    /// `Warning` texts shown per image on stderr; JSON has them all.
    static let warningsShown = 5

    private func render(_ verdicts: [Verdict], terminal: Terminal) {
        switch output.format {
        case .json, .junit: terminal.out(JSONReport.render(verdicts))
        case .text: terminal.out(TextReport.render(verdicts, color: terminal.colorOnStdout), terminator: "")
        }
    }

    /// A run that cannot start: one message on stderr (and the JSON error object with -o json), exit 4.
    private func fail(code: String, message: String, terminal: Terminal) -> ArgumentParser.ExitCode {
        terminal.error("regprobe: " + message)
        if output.format == .json { terminal.out(JSONReport.renderError(code: code, message: message)) }
        return ArgumentParser.ExitCode(RunExitCode.invalidInput)
    }
}
