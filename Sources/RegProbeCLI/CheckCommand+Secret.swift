import RegProbe
import RegProbeKube

extension CheckCommand {
    /// `check --secret FILE... IMAGE...`: the images checked with the credentials kubelet would pick from these
    /// Kubernetes pull secrets, in its order; or why the files cannot be used (the run stops, exit 4).
    static func checkWithSecrets(
        files: [String], images: [String], checker: Checker
    ) async -> Result<[Verdict], SecretFileError> {
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
}
