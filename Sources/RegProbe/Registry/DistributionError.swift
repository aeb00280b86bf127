/// The error body of the distribution API: `{"errors": [{"code": ..., "message": ..., "detail": ...}]}`.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
public struct DistributionError: Sendable, Hashable, Codable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The errors of a response body; empty when the body is not that shape (HEAD answers have no body, proxies
    /// answer HTML, a TLS port answers plain text). Read as distribution's Go client reads it (`errcode.Errors`,
    /// with the shared Go-semantics reader: field names without regard to case, a field of the wrong type fails
    /// the whole body).
    public static func parse(_ body: [UInt8]) -> [DistributionError] {
        guard case .success(let root) = GoJSON.parse(body), case .object = root else { return [] }
        var items: [GoJSONValue] = []
        for value in root.fieldMembers("errors") {
            switch value {
            case .null: continue
            case .array(let array): items = array
            default: return []
            }
        }
        do {
            return try items.map { (item) throws(GoJSONFieldTypeError) -> DistributionError in
                switch item {
                case .object, .null:
                    let code = try item.stringField("code") ?? ""
                    return DistributionError(
                        code: code.isEmpty ? "UNKNOWN" : code.uppercased(),
                        message: try item.stringField("message") ?? "")
                default:
                    throw GoJSONFieldTypeError(field: "errors", kindDescription: item.kindDescription)
                }
            }
        } catch {
            return []
        }
    }

    /// "MANIFEST_UNKNOWN: manifest unknown; ..." for messages.
    public static func summary(_ errors: [DistributionError]) -> String? {
        guard !errors.isEmpty else { return nil }
        return errors.map { $0.message.isEmpty ? $0.code : "\($0.code): \($0.message)" }.joined(separator: "; ")
    }
}
