import ArgumentParser
import RegProbe
import RegProbeKube

/// `regprobe scan PATH...|-`: parse, call `ScanRunner`, render, exit.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Predict, before kubectl apply, whether every container in these manifests will pull its image.",
        discussion: """
            Reads every YAML/JSON document (files, directories recursively, - for stdin): Pods and every workload \
            with a pod template. Each container's image is checked with the credentials kubelet would use: the \
            pod's imagePullSecrets (or its ServiceAccount's) resolved against the Secrets in the same inputs or \
            given with --secret, in the same namespace only. Exit codes as regprobe check.
            """
    )

    @Argument(help: "Manifest files or directories, or - for standard input.")
    var paths: [String] = []

    @Option(help: "Namespace for objects that name none.")
    var namespace: String = "default"

    @Option(
        name: .customLong("secret"),
        help: ArgumentHelp(
            "More Secrets (YAML/JSON file, repeatable), as if they were in the cluster.", valueName: "file"))
    var secretFiles: [String] = []

    @Option(
        help: ArgumentHelp(
            "Also write a JUnit XML report to this file, whatever --output is (for CI test reports).",
            valueName: "file"))
    var junit: String?

    @OptionGroup(title: "Connection") var connection: ConnectionFlags
    @OptionGroup(title: "Output") var output: OutputFlags

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give manifest files or directories, or - for standard input") }
        try connection.validate()
    }

    func run() async throws {
        let terminal = Terminal()
        let options = connection.checkOptions(verbose: output.verbose, terminal: terminal)
        // One budget for everything the run reads: the manifests, then the --secret files.
        var budget = KubeValueBudget()
        let documents = KubeDocumentLoader.load(paths: paths, budget: &budget)
        if let stopped = documents.stopped {
            throw ManifestBudgetFailure.fail(stopped, output: output, terminal: terminal)
        }
        let extra = KubeDocumentLoader.load(paths: secretFiles, credentials: true, budget: &budget)
        if let stopped = extra.stopped {
            throw ManifestBudgetFailure.fail(stopped, output: output, terminal: terminal)
        }
        if let problem = extra.problems.first {
            terminal.error("regprobe: cannot read --secret \(problem.description)")
            throw ArgumentParser.ExitCode(RunExitCode.invalidInput)
        }
        let secrets = PullSecretParser.secrets(in: extra.documents, defaultNamespace: namespace)
        let report = await ScanRunner.run(
            documents: documents, extraSecrets: secrets, defaultNamespace: namespace,
            checker: Checker(
                options: options, credentials: .anonymous, request: connection.checkRequest(terminal: terminal)))
        switch output.format {
        case .text: terminal.out(ScanTextReport.render(report, color: terminal.colorOnStdout), terminator: "")
        case .json: terminal.out(ScanJSONReport.render(report))
        case .junit: terminal.out(JUnitReport.render(report), terminator: "")
        }
        if let junit, let failure = ReportFile.write(JUnitReport.render(report), to: junit) {
            terminal.error("regprobe: cannot write the JUnit report to \(TerminalText.escape(junit)): \(failure)")
            throw ArgumentParser.ExitCode(RunExitCode.invalidInput)
        }
        if report.exitCode != 0 { throw ArgumentParser.ExitCode(report.exitCode) }
    }
}
