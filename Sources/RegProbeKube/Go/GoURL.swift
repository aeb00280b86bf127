/// The part of Go's `net/url.Parse` that kubelet's keyring depends on (R6.1, R6.2), for inputs that start with
/// `https://` or `http://` (the keyring always prepends one): control bytes, the `#fragment` and `?query` cut,
/// the authority up to the first `/`, userinfo up to the last `@`, the host check and `%` decoding, the path's
/// `%` decoding. Only `host` (decoded, port kept) and `path` (decoded) are returned; scheme, userinfo, query and
/// fragment are dropped, as the keyring drops them.
///
/// Modelled on Go 1.25 (kubelet 1.35), including the CVE-2025-47912 fix (Go 1.24.8 / 1.25.2): a `[` in the host
/// must open a leading IPv6 literal (`[::1]:5000`); `[` anywhere else, or brackets around something that is not
/// an IPv6 address, fail. The port is taken after the last `:` outside brackets and must be digits (or empty).
enum GoURL {
    struct Parsed: Sendable, Hashable {
        /// `u.Host`: decoded host with its `:port` (IPv6 in brackets).
        let host: String
        /// `u.Path`: decoded path, `""` when the URL has none.
        let path: String
    }

    /// A `url.Parse` failure; `message` follows Go's wording and quotes at most the offending characters of the
    /// host (never userinfo).
    struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func parse(_ raw: String) -> Result<Parsed, ParseError> {
        let bytes = Array(raw.utf8)
        // Parse: cut off "#frag", which must itself unescape.
        var main = bytes[...]
        var fragment: ArraySlice<UInt8>?
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
            main = bytes[..<hash]
            fragment = bytes[(hash + 1)...]
        }
        // parse: control bytes anywhere (before the fragment) are an error.
        if main.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return .failure(ParseError(message: "net/url: invalid control character in URL"))
        }
        // getScheme: the callers always pass "https://…" or "http://…".
        guard let colon = main.firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(ParseError(message: "missing protocol scheme"))
        }
        var rest = main[(colon + 1)...]
        // "?query": a single trailing "?" is ForceQuery, otherwise cut at the first "?".
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            rest = rest[..<question]
        }
        var host = ""
        if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            var authority = rest.dropFirst(2)
            rest = authority[authority.endIndex...]
            if let slash = authority.firstIndex(of: UInt8(ascii: "/")) {
                rest = authority[slash...]
                authority = authority[..<slash]
            }
            switch parseAuthority(authority) {
            case .success(let h): host = h
            case .failure(let e): return .failure(e)
            }
        }
        let path: [UInt8]
        switch unescape(rest, mode: .path) {
        case .success(let p): path = p
        case .failure(let e): return .failure(e)
        }
        if let fragment, case .failure(let e) = unescape(fragment, mode: .fragment) {
            return .failure(e)
        }
        return .success(
            Parsed(
                host: String(decoding: Array(host.utf8), as: UTF8.self),
                path: String(decoding: path, as: UTF8.self)))
    }

    /// `net.SplitHostPort`; nil on its errors (missing port, too many colons, misplaced brackets), in which case
    /// `SplitURL` uses the whole host and an empty port.
    static func splitHostPort(_ hostport: String) -> (host: String, port: String)? {
        let u = Array(hostport.utf8)
        guard let i = u.lastIndex(of: UInt8(ascii: ":")) else { return nil }
        var j = 0
        var k = 0
        let host: ArraySlice<UInt8>
        if u.first == UInt8(ascii: "[") {
            guard let end = u.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            switch end + 1 {
            case u.count: return nil
            case i: break
            default: return nil
            }
            host = u[1..<end]
            j = 1
            k = end + 1
        } else {
            host = u[..<i]
            if host.contains(UInt8(ascii: ":")) { return nil }
        }
        if u[j...].contains(UInt8(ascii: "[")) { return nil }
        if u[k...].contains(UInt8(ascii: "]")) { return nil }
        return (String(decoding: host, as: UTF8.self), String(decoding: u[(i + 1)...], as: UTF8.self))
    }

    // MARK: - Authority and host

    private static func parseAuthority(_ authority: ArraySlice<UInt8>) -> Result<String, ParseError> {
        let at = authority.lastIndex(of: UInt8(ascii: "@"))
        let hostPart = at.map { authority[($0 + 1)...] } ?? authority
        let host: String
        switch parseHost(hostPart) {
        case .success(let h): host = h
        case .failure(let e): return .failure(e)
        }
        guard let at else { return .success(host) }
        let userinfo = authority[..<at]
        guard userinfo.allSatisfy(isValidUserinfoByte) else {
            return .failure(ParseError(message: "net/url: invalid userinfo"))
        }
        // Username and password must unescape; their values are dropped.
        for part in userinfo.split(separator: UInt8(ascii: ":"), maxSplits: 1, omittingEmptySubsequences: false) {
            if case .failure = unescape(part, mode: .userPassword) {
                return .failure(ParseError(message: "net/url: invalid userinfo escape"))
            }
        }
        return .success(host)
    }

    /// `validUserinfo`: unreserved, sub-delims, `:`, `%`, `@`.
    private static func isValidUserinfoByte(_ b: UInt8) -> Bool {
        if isAlnum(b) { return true }
        return Array("-._:~!$&'()*+,;=%@".utf8).contains(b)
    }

    private static func parseHost(_ host: ArraySlice<UInt8>) -> Result<String, ParseError> {
        if let open = host.lastIndex(of: UInt8(ascii: "[")) {
            // CVE-2025-47912 fix: an IP literal must start the host.
            guard open == host.startIndex else { return .failure(ParseError(message: "invalid IP-literal")) }
            guard let close = host.lastIndex(of: UInt8(ascii: "]")) else {
                return .failure(ParseError(message: "missing ']' in host"))
            }
            let colonPort = host[(close + 1)...]
            guard isValidOptionalPort(colonPort) else { return .failure(invalidPort(colonPort)) }
            let inner = host[(open + 1)..<close]
            var decoded: [UInt8]
            if let zone = firstIndex(of: Array("%25".utf8), in: inner) {
                switch (unescape(inner[..<zone], mode: .host), unescape(inner[zone...], mode: .zone)) {
                case (.success(let a), .success(let b)): decoded = a + b
                case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
                }
            } else {
                switch unescape(inner, mode: .host) {
                case .success(let d): decoded = d
                case .failure(let e): return .failure(e)
                }
            }
            switch classifyIP(decoded) {
            case .ipv6: break
            case .ipv4: return .failure(ParseError(message: "invalid IP-literal"))
            case .invalid: return .failure(ParseError(message: "invalid host: not an IPv6 address in brackets"))
            }
            decoded = [UInt8(ascii: "[")] + decoded + [UInt8(ascii: "]")] + Array(colonPort)
            return .success(String(decoding: decoded, as: UTF8.self))
        }
        if let colon = host.lastIndex(of: UInt8(ascii: ":")) {
            let colonPort = host[colon...]
            guard isValidOptionalPort(colonPort) else { return .failure(invalidPort(colonPort)) }
        }
        switch unescape(host, mode: .host) {
        case .success(let d): return .success(String(decoding: d, as: UTF8.self))
        case .failure(let e): return .failure(e)
        }
    }

    private static func invalidPort(_ colonPort: ArraySlice<UInt8>) -> ParseError {
        ParseError(message: "invalid port \(String(reflecting: String(decoding: colonPort, as: UTF8.self))) after host")
    }

    /// `validOptionalPort`: empty, or `:` followed by digits only.
    private static func isValidOptionalPort(_ port: ArraySlice<UInt8>) -> Bool {
        guard let first = port.first else { return true }
        return first == UInt8(ascii: ":") && port.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private enum IPKind { case ipv4, ipv6, invalid }

    /// What `netip.ParseAddr` would make of the text between brackets: it looks at the first `.` or `:`.
    private static func classifyIP(_ s: [UInt8]) -> IPKind {
        for b in s {
            if b == UInt8(ascii: ".") { return isIPv4(s[...]) ? .ipv4 : .invalid }
            if b == UInt8(ascii: ":") { return isIPv6(s) ? .ipv6 : .invalid }
            if b == UInt8(ascii: "%") { return .invalid }
        }
        return .invalid
    }

    /// Dotted quad with no leading zeros, each field ≤ 255 (`parseIPv4`).
    private static func isIPv4(_ s: ArraySlice<UInt8>) -> Bool {
        let fields = s.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard fields.count == 4 else { return false }
        for f in fields {
            guard (1...3).contains(f.count), f.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            if f.count > 1 && f.first == UInt8(ascii: "0") { return false }
            guard let v = Int(String(decoding: f, as: UTF8.self)), v <= 255 else { return false }
        }
        return true
    }

    /// `parseIPv6`: hex groups of 1–4 digits, at most one `::`, an optional embedded IPv4 in the last 32 bits and
    /// an optional non-empty `%zone`.
    private static func isIPv6(_ input: [UInt8]) -> Bool {
        var s = input[...]
        if let percent = input.firstIndex(of: UInt8(ascii: "%")) {
            guard percent + 1 < input.count else { return false }
            s = input[..<percent]
        }
        var ellipsis = -1
        if s.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            ellipsis = 0
            s = s.dropFirst(2)
            if s.isEmpty { return true }
        }
        var i = 0
        while i < 16 {
            var off = 0
            var acc = 0
            while off < s.count, let d = hexValue(s[s.startIndex + off]) {
                acc = acc << 4 + Int(d)
                if off > 3 || acc > 0xFFFF { return false }
                off += 1
            }
            if off == 0 { return false }
            if off < s.count, s[s.startIndex + off] == UInt8(ascii: ".") {
                if ellipsis < 0 && i != 12 { return false }
                if i + 4 > 16 { return false }
                guard isIPv4(s) else { return false }
                s = s[s.endIndex...]
                i += 4
                break
            }
            i += 2
            s = s.dropFirst(off)
            if s.isEmpty { break }
            guard s.first == UInt8(ascii: ":"), s.count > 1 else { return false }
            s = s.dropFirst()
            if s.first == UInt8(ascii: ":") {
                if ellipsis >= 0 { return false }
                ellipsis = i
                s = s.dropFirst()
                if s.isEmpty { break }
            }
        }
        if !s.isEmpty { return false }
        if i < 16 { return ellipsis >= 0 }
        return ellipsis < 0
    }

    // MARK: - Escapes

    private enum Mode { case path, host, zone, userPassword, fragment }

    /// `unescape`: `%XX` must be two hex digits; in a host, `%XX` may only encode a non-ASCII byte (or be `%25`),
    /// and an ASCII byte that would need escaping is "invalid character in host name".
    private static func unescape(_ s: ArraySlice<UInt8>, mode: Mode) -> Result<[UInt8], ParseError> {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < s.endIndex, let hi = hexValue(s[i + 1]), let lo = hexValue(s[i + 2]) else {
                    let bad = s[i..<min(i + 3, s.endIndex)]
                    return .failure(
                        ParseError(
                            message: "invalid URL escape \(String(reflecting: String(decoding: bad, as: UTF8.self)))"))
                }
                let isPercent25 = hi == 2 && lo == 5
                if mode == .host && hi < 8 && !isPercent25 {
                    return .failure(
                        ParseError(
                            message:
                                "invalid URL escape \(String(reflecting: String(decoding: s[i...(i + 2)], as: UTF8.self)))"
                        ))
                }
                let v = hi << 4 | lo
                if mode == .zone && !isPercent25 && v != 0x20 && shouldEscapeInHost(v) {
                    return .failure(
                        ParseError(
                            message:
                                "invalid URL escape \(String(reflecting: String(decoding: s[i...(i + 2)], as: UTF8.self)))"
                        ))
                }
                out.append(v)
                i += 3
                continue
            }
            if (mode == .host || mode == .zone) && c < 0x80 && shouldEscapeInHost(c) {
                return .failure(
                    ParseError(
                        message: "invalid character \(String(reflecting: String(UnicodeScalar(c)))) in host name"))
            }
            out.append(c)
            i += 1
        }
        return .success(out)
    }

    /// `shouldEscape(c, encodeHost)` for ASCII bytes: letters, digits, `-._~` and
    /// `!$&'()*+,;=:[]<>"` are allowed in a host; everything else (space, `{`, `|`, `\`, `^`, ...) is not.
    private static func shouldEscapeInHost(_ c: UInt8) -> Bool {
        if isAlnum(c) { return false }
        return !Array("-_.~!$&'()*+,;=:[]<>\"".utf8).contains(c)
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    private static func firstIndex(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.startIndex
        while i + needle.count <= hay.endIndex {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
