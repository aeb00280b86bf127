// Helpers shared by the libFuzzer drivers in Fuzz/*Fuzzer.swift.
//
// Not part of any SwiftPM target: scripts/fuzz compiles this file, one driver and every file of
// Sources/RegProbe into a single module named RegProbe (so the drivers see `internal` API without
// @testable), with -sanitize=fuzzer,address. See scripts/fuzz for the exact command line.

/// Traps (so libFuzzer reports a crash and saves the input) when an invariant does not hold.
func fuzzRequire(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() {
        fatalError("fuzz invariant violated: \(message())", file: file, line: line)
    }
}

/// LeakSanitizer's built-in suppressions (it calls this weak hook at start-up): the Swift regex parser keeps
/// reference cycles in the ASTs of the (once-built, static) oracle regexes of ReferenceFuzzer (the library
/// itself uses no Regex).
@_cdecl("__lsan_default_suppressions")
public func lsanDefaultSuppressions() -> UnsafePointer<CChar> {
    let text: StaticString = "leak:libswift_RegexParser.so\nleak:libswift_StringProcessing.so\n"
    return UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

enum FuzzSupport {
    /// The fuzzer's input as an array.
    static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The fuzzer's input as text; invalid UTF-8 becomes U+FFFD (what the CLI would hand the parsers after
    /// `String(decoding:as:)` of argv, a header line or a file).
    static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    /// A JSON string literal (with quotes) for any text, escaping what RFC 8259 requires.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Standard base64 (RFC 4648 §4) with padding; `pad: false` drops the `=`.
    static func base64(_ bytes: [UInt8], urlSafe: Bool = false, pad: Bool = true) -> String {
        let alphabet = Array(
            (urlSafe
                ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/").utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let b1 = i + 1 < bytes.count ? bytes[i + 1] : 0
            let b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        if !pad { while out.last == UInt8(ascii: "=") { out.removeLast() } }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits `bytes` at the first `separator` into (before, after); after is empty when there is none.
    static func split(_ bytes: ArraySlice<UInt8>, at separator: UInt8) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        guard let i = bytes.firstIndex(of: separator) else { return (bytes, []) }
        return (bytes[..<i], bytes[(i + 1)...])
    }
}
