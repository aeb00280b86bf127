import RegProbe
import RegProbeKube

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `regprobe scan -o json`: `{"results": [...], "problems": [...], "secretFindings": [...], "refusedSecrets":
/// [{"secret", "code", "effect", "message"}]}` (the Secrets the API server refuses, §10); each result has the
/// core check's fields plus `workload`, `container`, `namespace`, `prediction` (and its details).
enum ScanJSONReport {
    struct Record: Encodable {
        let result: ContainerResult

        enum Key: String, CodingKey {
            case workload, container, containerList, namespace, prediction, predictionMessage, pullPolicy, source,
                predictionNotes, checkNotes, podWarnings, attempts
        }

        func encode(to encoder: any Encoder) throws {
            try ResultRecord(result.verdict).encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            let container = result.container
            try c.encode(container.workload, forKey: .workload)
            try c.encode(container.containerName, forKey: .container)
            try c.encode(container.list.rawValue, forKey: .containerList)
            try c.encode(container.namespace, forKey: .namespace)
            try c.encode(result.prediction.code, forKey: .prediction)
            try c.encode(result.prediction.message, forKey: .predictionMessage)
            try c.encode(container.pullPolicy?.rawValue, forKey: .pullPolicy)
            try c.encode(container.origin.description, forKey: .source)
            try c.encode(result.plan.notes.map(\.code), forKey: .predictionNotes)
            try c.encode(result.checkNotes, forKey: .checkNotes)
            try c.encode(result.plan.warnings.map(\.description), forKey: .podWarnings)
            try c.encode(
                result.attempts.map {
                    ["credentialSource": $0.credentialSource.description, "status": $0.status.rawValue]
                },
                forKey: .attempts)
        }
    }

    struct Document: Encodable {
        let results: [Record]
        let problems: [String]
        let secretFindings: [String]
        let refusedSecrets: [[String: String]]
    }

    static func render(_ report: ScanReport) -> String {
        let document = Document(
            results: report.containers.map(Record.init), problems: report.problems.map(\.description),
            secretFindings: report.secretFindings.map(\.description),
            refusedSecrets: report.refusedSecrets.map {
                [
                    "secret": "\($0.secretNamespace)/\($0.secretName)", "code": $0.code.rawValue,
                    "effect": $0.effect.rawValue, "message": $0.message,
                ]
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
