import ArgumentParser
import RegProbe
#if canImport(Glibc)
import Glibc
#endif

/// `regprobe [check] IMAGE...`: parse flags, call `Checker`, render, exit.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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
    @OptionGroup(title: "Connection") var connection: ConnectionFlags
    @OptionGroup(title: "Output") var output: OutputFlags

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image, e.g. regprobe nginx:1.27") }
        try credentials.validate()
        try connection.validate()
    }

    func run() async throws {
        let terminal = Terminal()
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
            throw fail(code: "credentials-file",
                       message: "cannot use credentials file: \(error.description); fix or remove it, or pass --anonymous",
                       terminal: terminal)
        }
        if connection.insecure {
            terminal.error("warning: --insecure: TLS certificates are not verified; do not use this in production")
        }
        let log: (@Sendable (String) -> Void)? = output.verbose ? { @Sendable line in Terminal().error(line) } : nil
        var options = CheckOptions(
            timeoutSeconds: connection.timeout, caFile: connection.caFile, insecure: connection.insecure,
            plainHTTP: connection.plainHTTP, jobs: connection.jobs,
            retry: RetryPolicy(maxRetries: connection.retries), log: log)
        options.platforms = connection.platforms.compactMap(Platform.init(parsing:))
        options.certDirectory = connection.certDir
        options.sslCertFile = terminal.variable("SSL_CERT_FILE").flatMap { $0.isEmpty ? nil : $0 }
        if output.verbose, !resolver.files.isEmpty {
            terminal.error("credentials files: " + resolver.files.joined(separator: ", "))
        }

        let checker = Checker(options: options, credentials: resolver)
        let run: Checker.Run
        switch output.format {
        case .json:
            run = await checker.run(images)
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
            run = await checker.run(images) { index, verdict in emitter.receive(index, verdict) }
            progress.clear()
        }
        if output.verbose {
            let summary = run.requests.byHost.map { "\($0.host) \($0.requests)" }.joined(separator: ", ")
            terminal.error("requests: \(run.requests.total) (\(summary.isEmpty ? "none" : summary))")
        }
        let verdicts = run.verdicts
        for verdict in verdicts {
            for warning in verdict.warnings {
                terminal.error("warning: \(verdict.reference?.registry.name ?? verdict.image): \(warning)")
            }
        }
        let code = RegProbe.ExitCode.forRun(verdicts.map(\.status))
        if code != 0 { throw ArgumentParser.ExitCode(code) }
    }

    /// A run that cannot start: one message on stderr (and the JSON error object with -o json), exit 4.
    private func fail(code: String, message: String, terminal: Terminal) -> ArgumentParser.ExitCode {
        terminal.error("regprobe: " + message)
        if output.format == .json { terminal.out(JSONReport.renderError(code: code, message: message)) }
        return ArgumentParser.ExitCode(RegProbe.ExitCode.invalidInput)
    }
}
