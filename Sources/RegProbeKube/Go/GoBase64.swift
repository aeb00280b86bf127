/// Go's `encoding/base64` decoder for the standard alphabet, padded (`StdEncoding`) or not (`RawStdEncoding`),
/// in its default, non-strict mode — a port of `Encoding.Decode` / `decodeQuantum`:
/// - `\r` and `\n` are skipped anywhere; every other byte outside the alphabet (spaces included) is an error;
/// - padded: the input must end on a whole quantum, with `=` or `==` only where they belong, and nothing but
///   newlines after the padding; unpadded: `=` is an error and a final quantum of 2 or 3 characters is fine;
/// - a final quantum of a single character is always an error;
/// - non-zero trailing bits are accepted (the encoding is not `Strict()`).
///
/// Used for Secret `data` values (the API server decodes `[]byte` JSON fields with `StdEncoding`) and for the
/// `auth` field of a docker config entry (R5.4: padded when `TrimSpace(auth)` ends with `=`, else unpadded).
enum GoBase64 {
    /// `CorruptInputError`: "illegal base64 data at input byte N". Carries only the offset, never the input.
    struct CorruptInput: Error, Sendable, Hashable, CustomStringConvertible {
        let offset: Int
        var description: String { "illegal base64 data at input byte \(offset)" }
    }

    static func decode(_ source: [UInt8], padded: Bool) -> Result<[UInt8], CorruptInput> {
        var out: [UInt8] = []
        out.reserveCapacity(source.count / 4 * 3 + 3)
        var si = 0
        while si < source.count {
            switch decodeQuantum(source, from: si, padded: padded, into: &out) {
            case .success(let next): si = next
            case .failure(let error): return .failure(error)
            }
        }
        return .success(out)
    }

    /// `decodeQuantum`: one group of up to four characters starting at `si`; appends the bytes, returns the new
    /// offset.
    private static func decodeQuantum(
        _ src: [UInt8], from start: Int, padded: Bool, into out: inout [UInt8]
    ) -> Result<Int, CorruptInput> {
        var dbuf: [UInt8] = [0, 0, 0, 0]
        var dlen = 4
        var si = start
        var trailingError: CorruptInput?
        var j = 0
        quantum: while j < 4 {
            if si == src.count {
                if j == 0 { return .success(si) }
                if j == 1 || padded { return .failure(CorruptInput(offset: si - j)) }
                dlen = j
                break quantum
            }
            let input = src[si]
            si += 1
            if let value = sextet(input) {
                dbuf[j] = value
                j += 1
                continue
            }
            if input == 0x0A || input == 0x0D { continue }
            guard padded, input == UInt8(ascii: "=") else { return .failure(CorruptInput(offset: si - 1)) }
            // Reached padding.
            switch j {
            case 0, 1:
                return .failure(CorruptInput(offset: si - 1))
            case 2:
                // "==" expected; the first "=" is consumed. Skip newlines.
                while si < src.count, src[si] == 0x0A || src[si] == 0x0D { si += 1 }
                if si == src.count { return .failure(CorruptInput(offset: src.count)) }
                if src[si] != UInt8(ascii: "=") { return .failure(CorruptInput(offset: si - 1)) }
                si += 1
            default:
                break
            }
            while si < src.count, src[si] == 0x0A || src[si] == 0x0D { si += 1 }
            if si < src.count { trailingError = CorruptInput(offset: si) }
            dlen = j
            break quantum
        }
        let value = UInt32(dbuf[0]) << 18 | UInt32(dbuf[1]) << 12 | UInt32(dbuf[2]) << 6 | UInt32(dbuf[3])
        let bytes = [
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value),
        ]
        out.append(contentsOf: bytes.prefix(dlen - 1))
        if let trailingError { return .failure(trailingError) }
        return .success(si)
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
