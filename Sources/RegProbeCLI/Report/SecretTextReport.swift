import RegProbe
import RegProbeKube

/// `regprobe secret`'s text: per Secret its findings and each entry's login check; per image, kubelet's
/// candidates and which one pulls it.
enum SecretTextReport {
    /// Names, keys and users come from the Secret: escaped and capped (`TerminalText`).
    static func field(_ text: String) -> String { TerminalText.escape(text, limit: TerminalText.fieldLimit) }

    static func render(_ report: SecretReport, color: Bool) -> String {
        var out = ""
        for problem in report.problems {
            out += TextReport.paint("✗ ", .red, color) + TerminalText.escape(problem.description) + "\n"
        }
        if report.secrets.isEmpty {
            out += TextReport.paint("✗ ", .red, color) + "no Secret found in the input\n"
        }
        for secret in report.secrets {
            let used = secret.isUsedByKubelet ? "" : ", ignored by kubelet"
            out +=
                "secret \(field(secret.qualifiedName)) (\(secret.type.isEmpty ? "no type" : field(secret.type))\(used)"
                + (secret.origin.map { ", \(field($0.description))" } ?? "") + ")\n"
            for finding in secret.findings {
                let mark =
                    finding.severity == .error
                    ? TextReport.paint("✗", .red, color)
                    : finding.severity == .warning ? TextReport.paint("!", .yellow, color) : "·"
                out +=
                    "  \(mark) \(finding.code.rawValue)"
                    + (finding.registryKey.map { " key \(TerminalText.quote($0, limit: TerminalText.fieldLimit))" }
                        ?? "")
                    + ": \(TerminalText.escape(finding.message)) [\(finding.effect.rawValue)]\n"
            }
            if secret.findings.allSatisfy({ $0.severity == .info }) {
                out +=
                    "  " + TextReport.paint("✓", .green, color)
                    + " well-formed: \(secret.entries.count) registry entr\(secret.entries.count == 1 ? "y" : "ies")\n"
            }
            for login in report.logins {
                guard case .pullSecret(let namespace, let name, let key, let user) = login.check.source,
                    namespace == secret.namespace, name == secret.name
                else { continue }
                let ok = login.status == .exists
                out += "  " + (ok ? TextReport.paint("✓", .green, color) : TextReport.paint("✗", .red, color))
                out +=
                    " \(field(key)) (user \(field(user))): \(ok ? login.strength.rawValue : login.status.rawValue): "
                    + "\(TerminalText.escape(login.message))\n"
            }
        }
        for image in report.images {
            let mark =
                image.prediction.isFailure ? TextReport.paint("✗", .red, color) : TextReport.paint("✓", .green, color)
            out +=
                "\(mark) \(field(image.image))  \(image.prediction.code): \(TerminalText.escape(image.prediction.message))\n"
            if !image.candidates.isEmpty {
                let order = image.candidates.enumerated().map { "(\($0 + 1)) \(field("\($1.source)"))" }.joined(
                    separator: ", ")
                out += "    kubelet would try: \(order)\n"
            } else {
                out +=
                    "    no entry of these secrets matches this image: kubelet pulls it anonymously (or with node credentials)\n"
            }
            if image.prediction.isFailure, let hint = image.attempts.first?.hint {
                out += "    " + TextReport.paint("hint: ", .cyan, color) + TerminalText.escape(hint) + "\n"
            }
        }
        return out
    }
}
