/// A `[host."NAME"]` key or `server` as containerd turns it into scheme, host and API path (`parseHostConfig`):
/// `https://` is put in front of a name that does not start with `http`; Go's `url.Parse` splits it; the path is
/// cleaned and `/v2` appended unless it already ends so or `override_path` is set.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L380-L405
/// Go's `url.Parse` is followed for what a registry URL holds (scheme, user info, host and port, path, query and
/// fragment dropped, control characters and invalid host characters refused): https://pkg.go.dev/net/url#Parse
public struct HostsServerURL: Sendable, Hashable {
    /// Lower case, as Go's `url.Parse` leaves it; "" when the name has none (then no request can be made).
    public let scheme: String
    /// `host[:port]` as written (brackets kept); "" when the name has no authority.
    public let host: String
    /// The API root: `/v2`, `/mirror/v2`, or (with `override_path`) the path as written, possibly "".
    public let path: String

    /// Throws Go's `url.Parse` error text when it refuses the name (containerd then ignores the whole file).
    public init(_ name: String, overridePath: Bool) throws(HostsServerURLError) {
        let raw = name.hasPrefix("http") ? name : "https://" + name
        let parsed = try Self.parse(raw)
        scheme = parsed.scheme
        host = parsed.host
        if !parsed.path.isEmpty {
            var path = GoPath.clean(parsed.path)
            if !path.hasSuffix("/v2") && !overridePath { path += "/v2" }
            self.path = path
        } else {
            path = overridePath ? "" : "/v2"
        }
    }

    /// No name: the last host of a hosts.toml without `server`, which containerd fills in with the registry.
    static let unnamed = HostsServerURL(scheme: "", host: "", path: "")

    init(scheme: String, host: String, path: String) {
        self.scheme = scheme
        self.host = host
        self.path = path
    }

    /// The parts of `url.Parse` containerd uses: `Scheme`, `Host`, `Path` (unescaped).
    static func parse(_ raw: String) throws(HostsServerURLError) -> (scheme: String, host: String, path: String) {
        if raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw HostsServerURLError("net/url: invalid control character in URL")
        }
        var rest = Substring(raw)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var scheme = ""
        // getScheme: letters, then letters, digits, + - . up to the first colon.
        for (offset, character) in rest.enumerated() {
            if character.isASCII && character.isLetter { continue }
            if character.isASCII && (character.isNumber || "+-.".contains(character)) {
                if offset == 0 { break }
                continue
            }
            if character == ":" {
                if offset == 0 { throw HostsServerURLError("missing protocol scheme") }
                scheme = String(rest.prefix(offset)).lowercased()
                rest = rest.dropFirst(offset + 1)
            }
            break
        }
        if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
        if !rest.hasPrefix("/") {
            // An opaque URL (`https:host`) has neither host nor path; a relative one is all path.
            if !scheme.isEmpty { return (scheme, "", "") }
            if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
                throw HostsServerURLError("first path segment in URL cannot contain colon")
            }
            return (scheme, "", try unescape(rest, host: false))
        }
        var host = ""
        if rest.hasPrefix("//") {
            let authority = rest.dropFirst(2).prefix { $0 != "/" }
            rest = rest.dropFirst(2 + authority.count)
            var hostPart = authority
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                let allowed = Set("-._:~!$&'()*+,;=%@")
                guard userinfo.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || allowed.contains($0) })
                else { throw HostsServerURLError("net/url: invalid userinfo") }
                hostPart = authority[authority.index(after: at)...]
            }
            host = try parseHost(hostPart)
        }
        return (scheme, host, try unescape(rest, host: false))
    }

    /// `parseHost`: a bracketed IPv6 literal or a name, each with an optional `:port` of digits.
    private static func parseHost(_ host: Substring) throws(HostsServerURLError) -> String {
        if host.hasPrefix("[") {
            guard let close = host.lastIndex(of: "]") else { throw HostsServerURLError("missing ']' in host") }
            let port = host[host.index(after: close)...]
            guard validOptionalPort(port) else { throw HostsServerURLError("invalid port \"\(port)\" after host") }
        } else if let colon = host.lastIndex(of: ":") {
            let port = host[colon...]
            guard validOptionalPort(port) else { throw HostsServerURLError("invalid port \"\(port)\" after host") }
        }
        return try unescape(host, host: true)
    }

    private static func validOptionalPort(_ port: Substring) -> Bool {
        port.isEmpty || (port.first == ":" && port.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
    }

    /// `unescape`: `%XX` decoded (in a host only `%25` and bytes from 0x80); in a host, ASCII characters that
    /// `shouldEscape(c, encodeHost)` names are refused.
    private static func unescape(_ text: Substring, host: Bool) throws(HostsServerURLError) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]),
                    let value = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16)
                else {
                    let escape = String(decoding: bytes[i..<min(i + 3, bytes.count)], as: UTF8.self)
                    throw HostsServerURLError("invalid URL escape \"\(escape)\"")
                }
                if host && value < 0x80 && value != 0x25 {
                    throw HostsServerURLError(
                        "invalid URL escape \"%\(String(decoding: bytes[i + 1...i + 2], as: UTF8.self))\"")
                }
                out.append(value)
                i += 3
                continue
            }
            if host && byte < 0x80 && !hostCharacter(byte) {
                throw HostsServerURLError("invalid character \"\(Character(Unicode.Scalar(byte)))\" in host name")
            }
            out.append(byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default: false
        }
    }

    /// ASCII that may stand in a host unescaped (`shouldEscape(c, encodeHost)` is false).
    private static func hostCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("-_.~!$&'()*+,;=:[]<>\"".utf8).contains(byte)
        }
    }
}
