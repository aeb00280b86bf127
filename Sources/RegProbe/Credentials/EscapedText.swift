/// Text that came from outside (a helper's output, a name or a path from a config file) made safe to show on a
/// terminal or in a JSON message: nothing in it can move the cursor, clear the screen, start a new line or
/// reorder what follows.
///
/// - `\` → `\\`, line feed → `\n`, carriage return → `\r`, tab → `\t`;
/// - other C0 controls and DEL, and every byte that is not part of valid UTF-8 → `\xNN`;
/// - Unicode controls (C1), format characters (bidirectional overrides, zero-width joiners: category Cf) and
///   line/paragraph separators → `\u{XXXX}`;
/// - everything else is kept as is.
///
/// Escaping is per byte and per Unicode scalar (not per `Character`), so a combining mark cannot hide a control
/// character in a grapheme cluster.
package enum EscapedText {
    /// `bytes` escaped, valid UTF-8 kept as text.
    package static func escape(bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                out += escape(ascii: lead)
                index += 1
                continue
            }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if length > 1, index + length <= bytes.count,
               let text = String(validating: bytes[index..<(index + length)], as: UTF8.self),
               let scalar = text.unicodeScalars.first {
                out += escape(scalar: scalar)
                index += length
            } else {
                out += hex(lead)
                index += 1
            }
        }
        return out
    }

    /// `text` escaped (see the type's rules).
    package static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            out += scalar.value < 0x80 ? escape(ascii: UInt8(scalar.value)) : escape(scalar: scalar)
        }
        return out
    }

    /// The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut on a scalar boundary, with `…` when
    /// something was cut (the `…` counted in `maxBytes`). A cut escaped text is still free of control
    /// characters (at worst an escape such as `\x1B` loses its tail).
    package static func prefix(_ text: String, maxBytes: Int) -> String {
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

    private static func escape(ascii byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\\"): return "\\\\"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0x00..<0x20, 0x7F: return hex(byte)
        default: return String(UnicodeScalar(byte))
        }
    }

    private static func escape(scalar: Unicode.Scalar) -> String {
        let category = scalar.properties.generalCategory
        if category == .control || category == .format || category == .lineSeparator
            || category == .paragraphSeparator {
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
        return String(scalar)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
