import RegProbe

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `-o json`: `{"results": [...]}` for a run, or `{"error": {"code", "message"}}` when the run could not start.
enum JSONReport {
    private struct Results: Encodable {
        let results: [ResultRecord]
    }

    private struct Failure: Encodable {
        struct Body: Encodable {
            let code: String
            let message: String
        }
        let error: Body
    }

    static func render(_ verdicts: [Verdict]) -> String {
        encode(Results(results: verdicts.map(ResultRecord.init)))
    }

    static func renderError(code: String, message: String) -> String {
        encode(Failure(error: .init(code: code, message: message)))
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
