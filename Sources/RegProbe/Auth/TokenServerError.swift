/// A token server's own words for a refusal, whatever shape its error body has:
/// - distribution's `{"errors": [{"code", "message"}]}`
///   (https://distribution.github.io/distribution/spec/api/#errors);
/// - OAuth2's `{"error": "...", "error_description": "..."}` (RFC 6749 §5.2);
/// - Django REST framework's `{"detail": "..."}` (Pulp), and a bare `{"message": "..."}`.
/// The text is cut to `limit` characters; it is shown escaped (`TerminalText`) like any text from outside.
enum TokenServerError {
    static let limit = 300

    static func text(_ body: [UInt8]) -> String? {
        if let summary = DistributionError.summary(DistributionError.parse(body)) { return cut(summary) }
        guard case .success(let root) = GoJSON.parse(body), case .object = root else { return nil }
        func field(_ name: String) -> String? {
            guard let value = try? root.stringField(name), !value.isEmpty else { return nil }
            return value
        }
        let parts: [String]
        switch (field("error"), field("error_description")) {
        case (let error?, let description?): parts = ["\(error): \(description)"]
        case (let error?, nil): parts = [error]
        case (nil, let description?): parts = [description]
        case (nil, nil): parts = [field("detail"), field("message")].compactMap { $0 }
        }
        return parts.first.map(cut)
    }

    private static func cut(_ text: String) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
