import RegProbe
import RegProbeKube

/// `regprobe scan -o junit`: one test case per container (class = namespace.workload, name = container), a
/// failure for each predicted pull error, each unreadable document and each reason the API server refuses a Secret,
/// so a CI system shows the scan as a test report.
/// Schema: https://github.com/testmoapp/junitxml
enum JUnitReport {
    static func render(_ report: ScanReport) -> String {
        let extra = report.problems.count + report.refusedSecrets.count
        let failures = report.containers.filter { $0.prediction.isFailure }.count + extra
        let tests = report.containers.count + extra
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"regprobe scan\" tests=\"\(tests)\" failures=\"\(failures)\">\n"
        xml +=
            "  <testsuite name=\"regprobe scan\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for result in report.containers {
            let container = result.container
            let name = "\(container.containerName) (\(container.image))"
            xml +=
                "    <testcase classname=\"\(escape("\(container.namespace).\(container.workload)"))\" name=\"\(escape(name))\" file=\"\(escape(container.origin.file))\">\n"
            if result.prediction.isFailure {
                var details = result.prediction.message
                if let hint = result.hint ?? result.verdict.hint { details += "\nhint: \(hint)" }
                xml +=
                    "      <failure type=\"\(escape(result.prediction.code))\" message=\"\(escape(result.prediction.message))\">\(escape(details))</failure>\n"
            }
            let notes = result.plan.notes.map(\.description) + result.plan.warnings.map(\.message)
            if !result.prediction.isFailure, result.prediction.code != "pulls" {
                xml +=
                    "      <system-out>\(escape(result.prediction.code + ": " + result.prediction.message))</system-out>\n"
            } else if !notes.isEmpty {
                xml += "      <system-out>\(escape(notes.joined(separator: "\n")))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        for problem in report.problems {
            xml += "    <testcase classname=\"documents\" name=\"\(escape(problem.file))\">\n"
            xml += "      <failure type=\"unparseable\" message=\"\(escape(problem.description))\"/>\n"
            xml += "    </testcase>\n"
        }
        for finding in report.refusedSecrets {
            let secret = "\(finding.secretNamespace).Secret/\(finding.secretName)"
            xml += "    <testcase classname=\"\(escape(secret))\" name=\"\(escape(finding.code.rawValue))\">\n"
            xml +=
                "      <failure type=\"\(finding.effect.rawValue)\" message=\"\(escape(finding.message))\"/>\n"
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// XML attribute and text escaping; characters XML 1.0 cannot hold become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(
                    scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }
}
