#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The error body of the distribution API: `{"errors": [{"code": ..., "message": ..., "detail": ...}]}`.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
public struct DistributionError: Sendable, Hashable, Codable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    private struct Envelope: Decodable {
        struct Item: Decodable {
            let code: String?
            let message: String?
        }
        let errors: [Item]?
    }

    /// The errors of a response body; empty when the body is not that shape (HEAD answers have no body).
    public static func parse(_ body: [UInt8]) -> [DistributionError] {
        guard !body.isEmpty, let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body)) else { return [] }
        return (envelope.errors ?? []).map {
            DistributionError(code: ($0.code ?? "UNKNOWN").uppercased(), message: $0.message ?? "")
        }
    }

    /// "MANIFEST_UNKNOWN: manifest unknown; ..." for messages.
    public static func summary(_ errors: [DistributionError]) -> String? {
        guard !errors.isEmpty else { return nil }
        return errors.map { $0.message.isEmpty ? $0.code : "\($0.code): \($0.message)" }.joined(separator: "; ")
    }
}
