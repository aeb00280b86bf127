// Tokenizer/parser for `WWW-Authenticate` header values. Pure Swift, no Foundation.
//
// Grammar, RFC 7235 §4.1 (https://www.rfc-editor.org/rfc/rfc7235#section-4.1) and §2.1
// (https://www.rfc-editor.org/rfc/rfc7235#section-2.1):
//
//     WWW-Authenticate = 1#challenge
//     challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//     auth-scheme      = token
//     auth-param       = token BWS "=" BWS ( token / quoted-string )
//     token68          = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//
// token, tchar and quoted-string are RFC 7230 §3.2.6 (https://www.rfc-editor.org/rfc/rfc7230#section-3.2.6);
// the `#` list rule (commas, empty elements allowed) is RFC 7230 §7.
//
// The parser is deliberately lenient — it reads what real registries send, and never fails:
// - extra whitespace anywhere, empty list elements (`,,`), missing commas between parameters;
// - unquoted values that are not tokens (`realm=https://auth.example/token`): read up to the next comma or space;
// - a missing value (`realm=,`) records nothing for that name;
// - an unterminated quoted-string runs to the end of the header value;
// - duplicate parameters: the first one wins;
// - anything else that does not fit (a parameter before any scheme, a stray `=` or `"`, bytes that are not
//   tchars) is skipped up to the next comma.

extension AuthChallenge {
    /// Parses every challenge in every header value (a response may carry several `WWW-Authenticate`
    /// headers, and one header may carry several comma-separated challenges), in order.
    ///
    /// Never throws: malformed input yields the challenges that could be recovered (possibly none).
    /// A new challenge starts wherever a token is not followed by `=` (RFC 7235 §4.1: it is an auth-scheme);
    /// commas inside quoted strings (`scope="repository:a/b:pull,push"`) do not separate anything.
    public static func parse(headerValues: [String]) -> [AuthChallenge] {
        var challenges: [AuthChallenge] = []
        for value in headerValues {
            var parser = ChallengeParser(Array(value.utf8))
            parser.parse(into: &challenges)
        }
        return challenges
    }

    /// Parses the challenges in one header value; see `parse(headerValues:)`.
    public static func parse(headerValue: String) -> [AuthChallenge] {
        parse(headerValues: [headerValue])
    }
}

private struct ChallengeParser {
    private let bytes: [UInt8]
    private var index = 0

    // The challenge being assembled.
    private var scheme: String?
    private var parameters: [String: String] = [:]
    private var token68: String?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parse(into challenges: inout [AuthChallenge]) {
        while true {
            skipListSeparators()
            guard index < bytes.count else { break }

            let name = readToken()
            guard !name.isEmpty else {
                // Not a token where a scheme or parameter name must start: skip this list element.
                skipRestOfElement()
                continue
            }
            let endOfToken = index
            skipWhitespace()

            if peek == UInt8(ascii: "=") {
                // auth-param = token BWS "=" BWS ( token / quoted-string )
                index += 1
                skipWhitespace()
                let value = readValue()
                let key = Self.lowercased(name)
                if scheme != nil, token68 == nil, let value, parameters[key] == nil {
                    parameters[key] = value  // duplicates: first wins
                }
            } else {
                // A token not followed by "=" is an auth-scheme: a new challenge starts here.
                finish(into: &challenges)
                scheme = Self.lowercased(name)
                if index > endOfToken {  // 1*SP after the scheme: maybe a token68 follows
                    readToken68IfPresent()
                }
            }
        }
        finish(into: &challenges)
    }

    // MARK: - Challenges

    private mutating func finish(into challenges: inout [AuthChallenge]) {
        if let scheme {
            challenges.append(AuthChallenge(lowercasedScheme: scheme, parameters: parameters, token68: token68))
        }
        scheme = nil
        parameters = [:]
        token68 = nil
    }

    /// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="  (RFC 7235 §2.1), and it must be
    /// the whole challenge: it is followed only by OWS and then a comma or the end.
    ///
    /// Ambiguity: `realm=` (a token and one `=`) is both a token68 and an auth-param with a missing value. It is
    /// read as a token68 unless another auth-param follows it in the list, as in `Basic realm=, charset="UTF-8"`.
    private mutating func readToken68IfPresent() {
        let start = index
        var end = start
        while end < bytes.count, Self.isToken68Character(bytes[end]) { end += 1 }
        guard end > start else { return }
        var padding = 0
        while end < bytes.count, bytes[end] == UInt8(ascii: "=") {
            end += 1
            padding += 1
        }
        var after = end
        while after < bytes.count, Self.isWhitespace(bytes[after]) { after += 1 }
        guard after == bytes.count || bytes[after] == UInt8(ascii: ",") else { return }
        if padding == 1, after < bytes.count, startsWithAuthParam(from: after) { return }
        token68 = String(decoding: bytes[start..<end], as: UTF8.self)
        index = end
    }

    /// Whether the next non-empty list element after position `from` (a comma) starts with `token BWS "="`.
    private func startsWithAuthParam(from: Int) -> Bool {
        var position = from
        while position < bytes.count, bytes[position] == UInt8(ascii: ",") || Self.isWhitespace(bytes[position]) {
            position += 1
        }
        let tokenStart = position
        while position < bytes.count, Self.isTokenCharacter(bytes[position]) { position += 1 }
        guard position > tokenStart else { return false }
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
        return position < bytes.count && bytes[position] == UInt8(ascii: "=")
    }

    // MARK: - Values

    /// `token / quoted-string`, leniently: a quoted-string, or anything up to the next comma or whitespace.
    /// Returns nil when the value is missing.
    private mutating func readValue() -> String? {
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            let value = readQuotedString()
            // Junk glued to the closing quote (`realm="a"b`) is not part of any parameter: skip the element.
            if index < bytes.count, bytes[index] != UInt8(ascii: ","), !Self.isWhitespace(bytes[index]) {
                skipRestOfElement()
            }
            return value
        }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ","), !Self.isWhitespace(bytes[index]) {
            index += 1
        }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    /// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
    /// (RFC 7230 §3.2.6). The escapes are removed. An unterminated string runs to the end of the input.
    private mutating func readQuotedString() -> String {
        index += 1  // opening DQUOTE
        var value: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                value.append(bytes[index + 1])
                index += 2
                continue
            }
            value.append(byte)
            index += 1
        }
        return String(decoding: value, as: UTF8.self)
    }

    // MARK: - Scanning

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func readToken() -> [UInt8] {
        let start = index
        while index < bytes.count, Self.isTokenCharacter(bytes[index]) { index += 1 }
        return Array(bytes[start..<index])
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    /// OWS and commas between list elements; empty elements are allowed (RFC 7230 §7).
    private mutating func skipListSeparators() {
        while index < bytes.count, bytes[index] == UInt8(ascii: ",") || Self.isWhitespace(bytes[index]) {
            index += 1
        }
    }

    /// Skips to the next comma that is not inside a quoted-string (or to the end).
    private mutating func skipRestOfElement() {
        while index < bytes.count, bytes[index] != UInt8(ascii: ",") {
            if bytes[index] == UInt8(ascii: "\"") {
                _ = readQuotedString()
            } else {
                index += 1
            }
        }
    }

    // MARK: - Character classes

    /// OWS / BWS = *( SP / HTAB ) (RFC 7230 §3.2.3); CR and LF are tolerated as well (folded headers).
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    ///       / DIGIT / ALPHA  (RFC 7230 §3.2.6)
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"  (RFC 7235 §2.1, token68)
    private static func isToken68Character(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"),
            UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// Schemes and parameter names are case-insensitive (RFC 7235 §2.1); tokens are ASCII.
    private static func lowercased(_ token: [UInt8]) -> String {
        String(decoding: token.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
