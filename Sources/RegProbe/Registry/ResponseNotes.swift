/// What a check's answers said besides their status: `Warning: 299` texts and rate-limit headers. Kept by the check's
/// `RegistryClient`, read once when its verdict is built.
struct ResponseNotes: Sendable {
    private(set) var warnings: [String] = []
    private(set) var rateLimit: RateLimit?

    /// Distinct `Warning` texts kept per check (JSON lists them; text shows the first five).
    static let maxWarnings = 20

    mutating func record(_ headers: HTTPHeaders) {
        for value in headers.values("Warning") {
            if warnings.count < Self.maxWarnings, let text = Self.warningText(value), !warnings.contains(text) {
                warnings.append(text)
            }
        }
        if let limit = RateLimit(headers: headers), limit.limit != nil || limit.remaining != nil {
            rateLimit = limit
        }
    }

    /// `299 - "text"` (RFC 7234 §5.5): registries use code 299 for deprecations and notices.
    static func warningText(_ value: String) -> String? {
        let parts = value.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[0] == "299" else { return nil }
        var text = String(parts[2])
        if text.hasPrefix("\""), let end = text.dropFirst().firstIndex(of: "\"") {
            text = String(text[text.index(after: text.startIndex)..<end])
        }
        return text.isEmpty ? nil : String(text.prefix(500))
    }
}
