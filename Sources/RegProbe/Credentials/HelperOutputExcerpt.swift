/// What of a failing credential helper's stdout may be shown in a message.
///
/// docker-credential-helpers print their error on stdout and exit 1
/// (https://github.com/docker/docker-credential-helpers/blob/v0.8.2/credentials/credentials.go, `Serve`), and the
/// Docker CLI quotes that output whole (`error getting credentials - err: ..., out: ...`,
/// https://github.com/docker/docker-credential-helpers/blob/v0.8.2/client/client.go). A helper that failed
/// half-way may also have printed its answer, secret included, before the error. So regprobe shows one line at
/// most, and only one that does not look like a credential:
///
/// - output that starts with `{` or `[` (after white space) is a JSON answer or shaped like one: nothing shown;
/// - a line is skipped when it starts with `"` (a JSON member or value on a line of its own), has `{` or `}`,
///   one of the words `secret`, `passw`, `token`, `bearer`, `authorization`, `apikey`, `api_key`, `api-key`,
///   `-----BEGIN` (any case), or a run of 20 or more characters from `[A-Za-z0-9+=_~-]` with both a letter and
///   a digit (how generated secrets and tokens look);
/// - the first line left, trimmed, is shown, its control characters escaped (`TerminalText`) and cut to 200
///   bytes.
///
/// This is a filter for what a helper typically prints, not a proof: a bare short password on a line of its own
/// would pass. stderr is never read at all.
package enum HelperOutputExcerpt: Sendable, Hashable {
    /// The helper printed nothing (or only white space).
    case empty
    /// Everything it printed looks like it could hold a credential.
    case withheld
    /// One line that may be shown, escaped and cut; `withheldLines` other non-blank lines were skipped.
    case text(String, withheldLines: Int)

    /// The most an excerpt shows, in bytes of UTF-8 after escaping.
    package static let maxBytes = 200

    package static func of(_ output: [UInt8]) -> HelperOutputExcerpt {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        guard let first = output.first(where: { !isSpace($0) }) else { return .empty }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .withheld }
        var shown: ArraySlice<UInt8>?
        var withheld = 0
        for line in output.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            guard let start = line.firstIndex(where: { !isSpace($0) }),
                let end = line.lastIndex(where: { !isSpace($0) })
            else { continue }
            let trimmed = line[start...end]
            if shown == nil && !mayHoldCredential(trimmed) {
                shown = trimmed
            } else {
                withheld += 1
            }
        }
        guard let shown else { return .withheld }
        // Escaping at most 4 bytes per input byte: 200 escaped bytes never need more than the first 200 input bytes.
        let text = TerminalText.escape(bytes: shown.prefix(maxBytes + 1))
        return .text(TerminalText.prefix(text, maxBytes: maxBytes), withheldLines: withheld)
    }

    /// What follows a failure's "(exit N)" in a message: `: keychain is locked`, or a note that output was
    /// withheld; empty when the helper printed nothing.
    package var messageSuffix: String {
        switch self {
        case .empty:
            return ""
        case .withheld:
            return "; its output is not shown (it may hold a credential)"
        case .text(let text, let withheldLines):
            guard withheldLines > 0 else { return ": \(text)" }
            let lines = withheldLines == 1 ? "1 other line" : "\(withheldLines) other lines"
            return ": \(text) (\(lines) not shown: they may hold a credential)"
        }
    }

    private static let words: [[UInt8]] = [
        "secret", "passw", "token", "bearer", "authorization", "apikey", "api_key",
        "api-key", "-----begin",
    ].map { Array($0.utf8) }

    private static let tokenPunctuation: [UInt8] = Array("+=_~-".utf8)

    /// Whether a line looks like it carries a credential (see the type's rules).
    static func mayHoldCredential(_ line: ArraySlice<UInt8>) -> Bool {
        let lower = line.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        if lower.contains(UInt8(ascii: "{")) || lower.contains(UInt8(ascii: "}")) { return true }
        for word in words where contains(lower, word) { return true }
        // A JSON member or value on a line of its own (pretty-printed JSON after a line of text).
        if lower.first == UInt8(ascii: "\"") { return true }
        // A long run of token characters with a letter and a digit in it.
        var run = 0
        var letter = false
        var digit = false
        for byte in lower + [0x20] {
            let isLetter = byte >= 0x61 && byte <= 0x7A
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isLetter || isDigit || tokenPunctuation.contains(byte) {
                run += 1
                letter = letter || isLetter
                digit = digit || isDigit
            } else {
                if run >= 20 && letter && digit { return true }
                run = 0
                letter = false
                digit = false
            }
        }
        return false
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
