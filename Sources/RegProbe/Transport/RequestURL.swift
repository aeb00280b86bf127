import CCurl

/// A URL taken apart by libcurl's own parser (`curl_url`), so what we compare is what curl will dial.
public struct RequestURL: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int
    public let string: String

    /// "scheme://host:port": two URLs with the same origin may share credentials; others may not.
    public var origin: String { "\(scheme)://\(host):\(port)" }
    public var description: String { string }
    /// `host:port`, as `-v`'s request counts and messages name a server.
    public var authority: String { "\(host):\(port)" }
    /// `host`, with `:port` when the port is not the scheme's default: how messages name a server.
    public var displayAuthority: String {
        (scheme == "https" && port == 443) || (scheme == "http" && port == 80) ? host : authority
    }
    /// A loopback host: never proxied, and the only place plain HTTP is taken without `--plain-http`.
    public var isLoopback: Bool { RegistryHost.isLoopback(host: host) }

    public init?(_ string: String) {
        guard let url = curl_url() else { return nil }
        defer { curl_url_cleanup(url) }
        guard curl_url_set(url, CURLUPART_URL, string, 0) == CURLUE_OK else { return nil }
        self.init(handle: url)
    }

    private init?(handle url: OpaquePointer) {
        func part(_ which: CURLUPart, _ flags: UInt32 = 0) -> String? {
            var out: UnsafeMutablePointer<CChar>? = nil
            guard curl_url_get(url, which, &out, flags) == CURLUE_OK, let out else { return nil }
            defer { curl_free(out) }
            return String(cString: out)
        }
        guard let scheme = part(CURLUPART_SCHEME)?.lowercased(), scheme == "http" || scheme == "https",
            let host = part(CURLUPART_HOST)?.lowercased(),
            let port = part(CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)).flatMap(Int.init),
            let full = part(CURLUPART_URL)
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.string = full
    }

    /// `url` with its query and fragment replaced by `?…` (a presigned storage URL's query is a credential).
    public static func withoutQuery(_ url: String) -> String {
        guard let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return url }
        return url[..<cut] + "?…"
    }

    /// This URL with its path replaced and its query and fragment dropped: how a registry's endpoint names an API
    /// path (`RegistryEndpoint.url(of:in:)`). The path's characters are curl's to check, not spliced into a string.
    public func replacingPath(_ path: String) -> RequestURL? {
        guard let url = curl_url() else { return nil }
        defer { curl_url_cleanup(url) }
        guard curl_url_set(url, CURLUPART_URL, string, 0) == CURLUE_OK,
            curl_url_set(url, CURLUPART_PATH, path, 0) == CURLUE_OK,
            curl_url_set(url, CURLUPART_QUERY, nil, 0) == CURLUE_OK,
            curl_url_set(url, CURLUPART_FRAGMENT, nil, 0) == CURLUE_OK
        else { return nil }
        return RequestURL(handle: url)
    }

    /// Resolves a `Location` header (absolute, scheme-relative, or relative) against this URL.
    public func resolving(_ location: String) -> RequestURL? {
        guard let url = curl_url() else { return nil }
        defer { curl_url_cleanup(url) }
        guard curl_url_set(url, CURLUPART_URL, string, 0) == CURLUE_OK,
            curl_url_set(url, CURLUPART_URL, location, 0) == CURLUE_OK
        else { return nil }
        return RequestURL(handle: url)
    }
}

/// Percent-encoding of a query component: everything but RFC 3986 unreserved characters.
enum Percent {
    static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return out
    }
}
