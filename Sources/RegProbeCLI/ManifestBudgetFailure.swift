import ArgumentParser
import RegProbe
import RegProbeKube

/// A run whose manifests spent the ``KubeValueBudget`` (`KubeDocumentSet.stopped`): nothing after that point was
/// read, so nothing is checked. One message on stderr (and the JSON error object with `-o json`), exit 4, as
/// `check` does for a run that cannot start.
enum ManifestBudgetFailure {
    static let code = "manifest-budget"

    static func fail(_ problem: DocumentProblem, output: OutputFlags, terminal: Terminal) -> ArgumentParser.ExitCode {
        let message = "cannot read the manifests: \(problem.description)"
        terminal.error("regprobe: " + message)
        if output.format == .json { terminal.out(JSONReport.renderError(code: code, message: message)) }
        return ArgumentParser.ExitCode(RunExitCode.invalidInput)
    }
}
