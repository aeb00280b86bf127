/// Go's `path/filepath.Match` on Unix (Go ≥ 1.16 semantics, which kubelet's `URLsMatch` uses per host label,
/// R6.2 (d)): `*` (any run of non-`/` bytes), `?` (one non-`/` character), `[...]` / `[^...]` classes with
/// `lo-hi` ranges, `\` escapes, everything else literal and case-sensitive. A malformed pattern (`[`, `[]`,
/// `[a-`, a trailing `\`) is an error even when the name already failed to match; callers treat an error as
/// "no match", as `URLsMatch` does.
enum GoGlob {
    struct BadPattern: Error, Sendable, Hashable {}

    static func match(_ pattern: String, _ name: String) -> Result<Bool, BadPattern> {
        var pattern = Array(pattern.utf8)[...]
        var name = Array(name.utf8)[...]
        patternLoop: while !pattern.isEmpty {
            let (star, chunk, rest) = scanChunk(pattern)
            pattern = rest
            if star && chunk.isEmpty {
                // Trailing * matches the rest of the string unless it has a /.
                return .success(!name.contains(UInt8(ascii: "/")))
            }
            // Look for a match at the current position.
            let first = matchChunk(chunk, name)
            if case .success(let t?) = first, t.isEmpty || !pattern.isEmpty {
                name = t
                continue
            }
            if case .failure(let e) = first { return .failure(e) }
            if star {
                // Look for a match skipping i+1 bytes; cannot skip /.
                var i = name.startIndex
                while i < name.endIndex && name[i] != UInt8(ascii: "/") {
                    switch matchChunk(chunk, name[(i + 1)...]) {
                    case .success(let t?):
                        // The last chunk must exhaust the name.
                        if pattern.isEmpty && !t.isEmpty {
                            i += 1
                            continue
                        }
                        name = t
                        continue patternLoop
                    case .success(nil):
                        break
                    case .failure(let e):
                        return .failure(e)
                    }
                    i += 1
                }
            }
            // Before returning false with no error, check the rest of the pattern is well formed.
            while !pattern.isEmpty {
                let (_, chunk, rest) = scanChunk(pattern)
                pattern = rest
                if case .failure(let e) = matchChunk(chunk, []) { return .failure(e) }
            }
            return .success(false)
        }
        return .success(name.isEmpty)
    }

    /// `scanChunk`: leading stars, then everything up to the next `*` outside a class.
    private static func scanChunk(_ pattern: ArraySlice<UInt8>)
        -> (star: Bool, chunk: ArraySlice<UInt8>, rest: ArraySlice<UInt8>)
    {
        var p = pattern
        var star = false
        while p.first == UInt8(ascii: "*") {
            p = p.dropFirst()
            star = true
        }
        var inRange = false
        var i = p.startIndex
        scan: while i < p.endIndex {
            switch p[i] {
            case UInt8(ascii: "\\"):
                if i + 1 < p.endIndex { i += 1 }
            case UInt8(ascii: "["):
                inRange = true
            case UInt8(ascii: "]"):
                inRange = false
            case UInt8(ascii: "*"):
                if !inRange { break scan }
            default:
                break
            }
            i += 1
        }
        return (star, p[p.startIndex..<i], p[i...])
    }

    /// `matchChunk`: whether `chunk` (no `*`) matches a prefix of `s`; the rest of `s` on success, nil on no
    /// match. After a mismatch the chunk is still read to the end, to report a malformed pattern.
    private static func matchChunk(_ chunkIn: ArraySlice<UInt8>, _ sIn: ArraySlice<UInt8>)
        -> Result<ArraySlice<UInt8>?, BadPattern>
    {
        var chunk = chunkIn
        var s = sIn
        var failed = false
        while let c = chunk.first {
            if !failed && s.isEmpty { failed = true }
            switch c {
            case UInt8(ascii: "["):
                var r: UInt32 = 0
                if !failed {
                    let (rune, width) = decodeRune(s)
                    r = rune
                    s = s.dropFirst(width)
                }
                chunk = chunk.dropFirst()
                var negated = false
                if chunk.first == UInt8(ascii: "^") {
                    negated = true
                    chunk = chunk.dropFirst()
                }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == UInt8(ascii: "]") && ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    guard let (lo, afterLo) = getEsc(chunk) else { return .failure(BadPattern()) }
                    chunk = afterLo
                    var hi = lo
                    if chunk.first == UInt8(ascii: "-") {
                        guard let (h, afterHi) = getEsc(chunk.dropFirst()) else { return .failure(BadPattern()) }
                        hi = h
                        chunk = afterHi
                    }
                    if lo <= r && r <= hi { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case UInt8(ascii: "?"):
                if !failed {
                    if s.first == UInt8(ascii: "/") { failed = true }
                    s = s.dropFirst(decodeRune(s).width)
                }
                chunk = chunk.dropFirst()
            default:
                if c == UInt8(ascii: "\\") {
                    chunk = chunk.dropFirst()
                    if chunk.isEmpty { return .failure(BadPattern()) }
                }
                if !failed {
                    if chunk.first != s.first { failed = true }
                    s = s.dropFirst()
                }
                chunk = chunk.dropFirst()
            }
        }
        return .success(failed ? nil : s)
    }

    /// `getEsc`: one possibly escaped character of a class; nil for a malformed class.
    private static func getEsc(_ chunkIn: ArraySlice<UInt8>) -> (UInt32, ArraySlice<UInt8>)? {
        var chunk = chunkIn
        guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else { return nil }
        if first == UInt8(ascii: "\\") {
            chunk = chunk.dropFirst()
            if chunk.isEmpty { return nil }
        }
        let (r, width) = decodeRune(chunk)
        if r == 0xFFFD && width == 1 { return nil }
        let next = chunk.dropFirst(width)
        if next.isEmpty { return nil }
        return (r, next)
    }

    /// `utf8.DecodeRune`: the first scalar and its width; U+FFFD width 1 for invalid input, width 0 when empty.
    private static func decodeRune(_ s: ArraySlice<UInt8>) -> (rune: UInt32, width: Int) {
        guard let b0 = s.first else { return (0xFFFD, 0) }
        if b0 < 0x80 { return (UInt32(b0), 1) }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = s.makeIterator()
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded):
            let scalar = Unicode.UTF8.decode(encoded)
            return (scalar.value, encoded.count)
        case .error, .emptyInput:
            return (0xFFFD, 1)
        }
    }
}
