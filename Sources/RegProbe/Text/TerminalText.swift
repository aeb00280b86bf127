/// Text that came from outside (a registry, a token server, a credential helper, a manifest, a config file, a file
/// name) made safe to show on a terminal: nothing in it can move the cursor, clear the screen, set the title, start
/// a line of its own that forges a verdict, or reorder what follows; and a huge text cannot flood the screen.
///
/// - line feed → `\n`, carriage return → `\r`, tab → `\t`; a backslash stays as it is (so escaping is idempotent:
///   a message that quotes an escaped text is escaped again at output without doubling), except in `quote`;
/// - other C0 controls and DEL, and (from bytes) every byte that is not part of valid UTF-8 → `\xNN`;
/// - Unicode controls (C1), format characters (bidirectional overrides, zero-width characters: category Cf) and
///   line/paragraph separators → `\u{XXXX}`;
/// - everything else is kept as is; past `limit` Unicode scalars the text is cut and ends in `…`.
///
/// Escaping is per byte and per Unicode scalar (not per `Character`), so a combining mark cannot hide a control
/// character in a grapheme cluster. JSON and JUnit output escape by their own rules and are not cut.
public enum TerminalText {
    /// The cap for a message (a registry's error text, a verdict's message).
    public static let messageLimit = 4096
    /// The cap for a short field (an image, a name, a warning).
    public static let fieldLimit = 512

    /// `text` escaped, cut to `limit` scalars.
    public static func escape(_ text: some StringProtocol, limit: Int = messageLimit) -> String {
        // The common case (plain and short) returns without building a copy scalar by scalar.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return String(text)
        }
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return out + "…" }
            count += 1
            out += escape(scalar)
        }
        return out
    }

    /// `bytes` escaped, valid UTF-8 kept as text and invalid bytes shown as `\xNN`, cut to `limit` scalars.
    public static func escape(bytes: some Collection<UInt8>, limit: Int = messageLimit) -> String {
        let bytes = Array(bytes)
        var out = ""
        var index = 0
        var count = 0
        while index < bytes.count {
            if count == limit { return out + "…" }
            count += 1
            let lead = bytes[index]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if lead < 0x80 {
                out += escape(Unicode.Scalar(lead))
                index += 1
            } else if length > 1, index + length <= bytes.count,
                let text = String(validating: bytes[index..<(index + length)], as: UTF8.self),
                let scalar = text.unicodeScalars.first
            {
                out += escape(scalar)
                index += length
            } else {
                out += hex(lead)
                index += 1
            }
        }
        return out
    }

    /// `text` in double quotes, `"` and `\` escaped as well.
    public static func quote(_ text: some StringProtocol, limit: Int = 96) -> String {
        let marked = String(text).replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"" + escape(marked, limit: limit) + "\""
    }

    /// The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut on a scalar boundary, with `…` when
    /// something was cut (the `…` counted in `maxBytes`). A cut escaped text is still free of control characters
    /// (at worst an escape such as `\x1B` loses its tail).
    public static func prefix(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        let ellipsis = "…"
        let room = max(0, maxBytes - ellipsis.utf8.count)
        var out = ""
        var used = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            if used + size > room { break }
            out.unicodeScalars.append(scalar)
            used += size
        }
        return out + ellipsis
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x00..<0x20, 0x7F: return hex(UInt8(scalar.value))
        case 0x20..<0x7F: return String(scalar)
        default:
            let category = scalar.properties.generalCategory
            if category == .control || category == .format || category == .lineSeparator
                || category == .paragraphSeparator
            {
                return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            return String(scalar)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
