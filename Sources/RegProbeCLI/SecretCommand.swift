import ArgumentParser
import RegProbe
import RegProbeKube

/// `regprobe secret FILE|- [IMAGE...]`: parse, call `SecretRunner`, render, exit.
struct SecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract:
            "Validate a Kubernetes pull secret before kubectl apply: its shape, its credentials, and which entry pulls an image.",
        discussion: """
            Reads Secrets (YAML or JSON, several documents, a List, kubectl get -o yaml output; - for stdin) and \
            reports what the API server and kubelet would do with each. Then, with no image, checks each registry \
            entry's credentials (a pull-scope token for --repository, else a login); with images, runs the check \
            with exactly the credentials kubelet would try, in its order, and says which entry succeeded.
            """
    )

    @Argument(help: "The Secret file, or - for standard input.")
    var file: String

    @Argument(help: "Images to check with the secret's credentials.")
    var images: [String] = []

    @Option(help: "A repository (path, without the registry) to prove pull access on, when no image is given.")
    var repository: String?

    @Option(help: "Namespace for Secrets that name none.")
    var namespace: String = "default"

    @OptionGroup(title: "Connection") var connection: ConnectionFlags
    @OptionGroup(title: "Output") var output: OutputFlags

    func validate() throws {
        try connection.validate()
        if output.format == .junit { throw ValidationError("-o junit is for regprobe scan; use text or json") }
    }

    func run() async throws {
        let terminal = Terminal()
        let options = connection.checkOptions(verbose: output.verbose, terminal: terminal)
        let documents = KubeDocumentLoader.load(path: file, credentials: true)
        if let stopped = documents.stopped {
            throw ManifestBudgetFailure.fail(stopped, output: output, terminal: terminal)
        }
        let report = await SecretRunner.run(
            documents: documents, images: images, repository: repository,
            defaultNamespace: namespace,
            checker: Checker(
                options: options, credentials: .anonymous, request: connection.checkRequest(terminal: terminal)))
        switch output.format {
        case .text, .junit: terminal.out(SecretTextReport.render(report, color: terminal.colorOnStdout), terminator: "")
        case .json: terminal.out(SecretJSONReport.render(report))
        }
        if report.exitCode != 0 { throw ArgumentParser.ExitCode(report.exitCode) }
    }
}
