import ArgumentParser
import RegProbe
import RegProbeCLI
import RegProbeKube

/// `regprobe-kube`: the Kubernetes commands, which `regprobe` hands over to (see `KubeHandoff`). Named `regprobe`
/// in help and usage, since that is what the user typed.
@main
struct RegProbeKubeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regprobe",
        abstract: "Will this image pull? Kubernetes pull secrets and manifests, checked before kubectl apply.",
        version: VersionText.text,
        subcommands: [CheckCommand.self, SecretCommand.self, ScanCommand.self],
        defaultSubcommand: CheckCommand.self
    )

    static func main() {
        CheckCommand.secretHandler = { files, images, checker in
            // Kubernetes pull secrets: kubelet's keyring and order.
            let documents = KubeDocumentLoader.load(paths: files, credentials: true)  // one budget for all the files
            if let stopped = documents.stopped {
                return .failure(
                    .init(
                        code: ManifestBudgetFailure.code,
                        message: "cannot read the manifests: \(stopped.description)"))
            }
            if let problem = documents.problems.first {
                return .failure(.init(code: "secret-file", message: "cannot read \(problem.description)"))
            }
            let secrets = PullSecretParser.secrets(in: documents.documents, defaultNamespace: "default")
            if secrets.isEmpty {
                return .failure(.init(code: "secret-file", message: "no Secret in \(files.joined(separator: ", "))"))
            }
            // §10 (docs/kubelet-credentials.md, the API server's ValidateSecret): a Secret it refuses never
            // exists, so kubelet never uses it: stop, as for an unreadable credentials file, instead of checking
            // anonymously.
            if let refused = secrets.first(where: \.isRejectedByAPIServer), let finding = refused.refusals.first {
                var message = "the API server refuses Secret \(refused.qualifiedName)"
                if let origin = refused.origin { message += " (\(origin.description))" }
                message += ": \(finding.message); fix the Secret (regprobe secret lists every finding)"
                return .failure(.init(code: finding.code.rawValue, message: TerminalText.escape(message)))
            }
            return .success(await SecretCredentialCheck.run(images: images, secrets: secrets, checker: checker))
        }
        CommandRunner.run(Self.self)
    }
}
