/// Text that came from outside (a registry, a token server, a credential helper, a manifest, a file name) made safe
/// to show on a terminal: control characters cannot move the cursor, erase lines, set the title or start a line of
/// their own that forges a verdict, and a huge text cannot flood the screen.
///
/// Escaped: C0 controls (`\n`, `\r`, `\t` by name, others as `\u{1B}`), DEL, C1 controls, Unicode format characters
/// (bidirectional overrides, zero-width characters) and whitespace other than the space (U+2028, ...). Past `limit`
/// Unicode scalars the text is cut and ends in `…`. JSON and JUnit output escape by their own rules and are not
/// cut.
public enum TerminalText {
    /// The cap for a message (a registry's error text, a verdict's message).
    public static let messageLimit = 4096
    /// The cap for a short field (an image, a name, a warning).
    public static let fieldLimit = 512

    /// `text` with control and format characters escaped, cut to `limit` scalars.
    public static func escape(_ text: some StringProtocol, limit: Int = messageLimit) -> String {
        escaped(text, limit: limit, quoting: false)
    }

    /// `text` in double quotes, with `"` and `\` escaped as well.
    public static func quote(_ text: some StringProtocol, limit: Int = 96) -> String {
        "\"" + escaped(text, limit: limit, quoting: true) + "\""
    }

    /// True when `escape` would change nothing but the length.
    public static func isPlain(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.allSatisfy { !needsEscape($0) }
    }

    private static func escaped(_ text: some StringProtocol, limit: Int, quoting: Bool) -> String {
        // The common case (plain and short) returns without building a copy scalar by scalar.
        if !quoting, text.unicodeScalars.count <= limit, isPlain(text) { return String(text) }
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"" where quoting: out += "\\\""
            case "\\" where quoting: out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar):
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return true }
        if scalar.value < 0x7F { return false }
        let properties = scalar.properties
        return properties.generalCategory == .format || properties.generalCategory == .control
            || properties.generalCategory == .lineSeparator || properties.generalCategory == .paragraphSeparator
            || (properties.isWhitespace && scalar != " ")
    }
}
