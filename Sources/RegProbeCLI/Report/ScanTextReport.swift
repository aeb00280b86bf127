import RegProbe
import RegProbeKube

/// `regprobe scan`'s text: containers grouped by workload, one line each (a mark, the container, the image as
/// written, the prediction), then the hint, notes and the pod's credential warnings.
enum ScanTextReport {
    /// Names, images and paths come from manifests and file names: escaped and capped (`TerminalText`).
    static func field(_ text: String) -> String { TerminalText.escape(text, limit: TerminalText.fieldLimit) }

    static func render(_ report: ScanReport, color: Bool) -> String {
        var out = ""
        var seen: [String] = []
        var byWorkload: [String: [ContainerResult]] = [:]
        for result in report.containers {
            let key = "\(result.container.namespace)/\(result.container.workload)"
            if byWorkload[key] == nil { seen.append(key) }
            byWorkload[key, default: []].append(result)
        }
        for key in seen {
            let results = byWorkload[key]!
            let first = results[0].container
            out +=
                "\(field(first.workload))  (namespace \(field(first.namespace)), \(field(first.origin.description)))\n"
            var warned = Set<String>()
            for result in results {
                out += line(result, color: color)
                for warning in result.plan.warnings where warned.insert(warning.description).inserted {
                    out +=
                        "    " + TextReport.paint("warning: ", .yellow, color) + TerminalText.escape(warning.message)
                        + "\n"
                }
            }
        }
        if !report.secretFindings.isEmpty {
            out += "pull secrets referenced:\n"
            for finding in report.secretFindings where finding.severity != .info {
                out += "  \(TerminalText.escape(finding.description))\n"
            }
        }
        if !report.refusedSecrets.isEmpty {
            out += "refused by the API server (kubectl apply fails; the Secret never exists):\n"
            for finding in report.refusedSecrets {
                out += "  " + TextReport.paint("✗ ", .red, color) + "\(TerminalText.escape(finding.description))\n"
            }
        }
        for problem in report.problems {
            out += TextReport.paint("✗ ", .red, color) + "\(TerminalText.escape(problem.description))\n"
        }
        if report.containers.isEmpty && report.problems.isEmpty {
            out += "no workloads with containers found\n"
        }
        return out
    }

    static func line(_ result: ContainerResult, color: Bool) -> String {
        let prediction = result.prediction
        let mark: String
        switch prediction {
        case .pulls: mark = TextReport.paint("✓", .green, color)
        case .errImageNeverPull, .unverifiable: mark = TextReport.paint("!", .yellow, color)
        default: mark = TextReport.paint("✗", .red, color)
        }
        let container = result.container
        let name =
            container.list == .containers
            ? container.containerName
            : "\(container.list == .initContainers ? "init" : "ephemeral"):\(container.containerName)"
        var text = "  \(mark) \(field(name))  \(field(container.image))  \(prediction.code)"
        if case .pulls = prediction, let digest = result.verdict.digest.flatMap(Digest.init(parsing:)) {
            text += "  \(digest.short)  \(TerminalText.escape(prediction.message))"
        } else {
            text += ": \(TerminalText.escape(prediction.message))"
        }
        text += "\n"
        if prediction.isFailure || prediction.code == "ErrImageNeverPull", let hint = result.hint ?? result.verdict.hint
        {
            text += "    " + TextReport.paint("hint: ", .cyan, color) + TerminalText.escape(hint) + "\n"
        }
        for note in result.checkNotes {
            text += "    " + TextReport.paint("note: ", .yellow, color) + TerminalText.escape(note) + "\n"
        }
        for note in result.plan.notes {
            text += "    " + TextReport.paint("note: ", .yellow, color) + TerminalText.escape(note.description) + "\n"
        }
        return text
    }
}
