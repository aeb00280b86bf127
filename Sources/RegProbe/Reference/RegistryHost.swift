/// The registry part of an image reference: `host[:port]`, as written in the reference, with the
/// Docker Hub aliases folded into `docker.io`.
///
/// Docker Hub naming follows distribution/reference `normalize.go`
/// (https://github.com/distribution/reference/blob/main/normalize.go): `docker.io` is the
/// canonical ("default") domain, `index.docker.io` the legacy one, and the registry API itself is
/// served from `registry-1.docker.io`, which is where docker and the kubelet (through containerd)
/// actually connect for `docker.io` images.
public struct RegistryHost: Sendable, Hashable, CustomStringConvertible {
    /// `docker.io`.
    public static let dockerHub = RegistryHost("docker.io")
    /// Where Docker Hub's registry API is served: `registry-1.docker.io`.
    public static let dockerHubAPIHost = "registry-1.docker.io"

    /// Canonical name as in the reference: `"docker.io"`, `"localhost:5000"`, `"[::1]:5000"`,
    /// `"127.0.0.1:5000"`, `"ghcr.io"`. Letter case is kept as written.
    public let name: String

    /// Takes an already-valid name (see ``init(validating:)`` for untrusted input).
    /// `index.docker.io` and `registry-1.docker.io` become `docker.io` (exact, case-sensitive
    /// match, as `splitDockerDomain` compares; a port suppresses the folding).
    public init(_ name: String) {
        switch name {
        case "index.docker.io", RegistryHost.dockerHubAPIHost: self.name = "docker.io"
        default: self.name = name
        }
    }

    /// Checks `name` against the domain grammar (`host [':' port]`) first; `nil` when invalid.
    public init?(validating name: String) {
        guard (try? ReferenceGrammar.checkDomain(name[...])) != nil else { return nil }
        self.init(name)
    }

    public var description: String { name }

    /// The host without port and without IPv6 brackets: `"::1"`, `"localhost"`, `"docker.io"`.
    public var hostname: String { String(Self.split(name).host) }

    /// The port if the name has one.
    public var port: Int? { Self.split(name).port }

    /// The port as written when its value is above 65535, the largest TCP port; nil otherwise. distribution's
    /// grammar allows any digits (`port-number := [0-9]+`): ``ImageReference/parse(_:)`` refuses such a port, and
    /// only ``ImageReference/parseAsNormalizedNamed(_:)`` (kubelet's reading) keeps one. No connection can be
    /// made to it: Go's resolver, which containerd dials through, fails with `address 65536: invalid port`
    /// (`LookupPort`, https://github.com/golang/go/blob/go1.25.0/src/net/lookup.go).
    public var outOfRangePort: String? {
        let u = name.utf8
        let rest: Substring
        if u.first == ReferenceGrammar.openBracket, let close = u.firstIndex(of: ReferenceGrammar.closeBracket) {
            rest = name[u.index(after: close)...]
        } else if let colon = u.lastIndex(of: ReferenceGrammar.colon) {
            rest = name[colon...]
        } else {
            return nil
        }
        guard rest.utf8.first == ReferenceGrammar.colon else { return nil }
        let digits = rest.dropFirst()
        guard !digits.isEmpty, digits.utf8.allSatisfy(ReferenceGrammar.isDigit) else { return nil }
        let significant = digits.drop { $0 == "0" }
        guard significant.utf8.count > 5 || (Int(significant) ?? 0) > 65535 else { return nil }
        return String(digits)
    }

    /// Whether the name fits distribution's `domain` grammar (with any port digits); false for the first component
    /// of a name distribution reads as a whole path (``ImageReference/parseAsNormalizedNamed(_:)``, case 2:
    /// `my_registry.example.com`).
    public var fitsDomainGrammar: Bool {
        (try? ReferenceGrammar.checkDomain(name[...], boundedPort: false)) != nil
    }

    /// `name == "docker.io"`.
    public var isDockerHub: Bool { name == "docker.io" }

    /// What to connect to: `registry-1.docker.io` for Docker Hub, otherwise `name` (IPv6 brackets
    /// and port kept), ready to put after `https://`.
    public var dialAuthority: String { isDockerHub ? RegistryHost.dockerHubAPIHost : name }

    /// `localhost`, any `*.localhost` (RFC 6761), IPv4 `127.0.0.0/8`, or IPv6 `::1`, with or
    /// without a port; host names compare case-insensitively.
    public var isLoopback: Bool { Self.isLoopback(host: Self.split(name).host) }

    /// `localhost`, `*.localhost`, 127.0.0.0/8 or `::1` (with or without brackets): the hosts whose traffic never
    /// leaves the machine, as Go's `net/http` treats them for proxies (`useProxy` in golang.org/x/net/http/httpproxy).
    public static func isLoopback(host: some StringProtocol) -> Bool {
        var host = Substring(host.lowercased())
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if let octets = Self.ipv4Octets(host) { return octets[0] == 127 }
        if let words = Self.ipv6Words(host) { return words == [0, 0, 0, 0, 0, 0, 0, 1] }
        return false
    }

    // MARK: Helpers

    /// Lenient split of `host[:port]` / `[v6][:port]` (the name is assumed valid).
    static func split(_ name: String) -> (host: Substring, port: Int?) {
        let u = name.utf8
        if u.first == ReferenceGrammar.openBracket, let close = u.firstIndex(of: ReferenceGrammar.closeBracket) {
            let host = name[u.index(after: u.startIndex)..<close]
            let rest = name[u.index(after: close)...]
            return (host, rest.utf8.first == ReferenceGrammar.colon ? Int(rest.dropFirst()) : nil)
        }
        if let colon = u.lastIndex(of: ReferenceGrammar.colon), let port = Int(name[u.index(after: colon)...]) {
            return (name[..<colon], port)
        }
        return (name[...], nil)
    }

    /// Four dot-separated decimal octets (0–255), or `nil`.
    static func ipv4Octets(_ s: Substring) -> [Int]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for p in parts {
            guard (1...3).contains(p.utf8.count), p.utf8.allSatisfy(ReferenceGrammar.isDigit),
                let v = Int(p), v <= 255
            else { return nil }
            octets.append(v)
        }
        return octets
    }

    /// The eight 16-bit words of an IPv6 address in hex-and-colons form (with at most one `::`),
    /// or `nil`.
    static func ipv6Words(_ s: Substring) -> [UInt16]? {
        func words(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for w in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(w.utf8.count), let v = UInt16(w, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        let u = s.utf8
        var doubleColon: String.Index?
        var i = u.startIndex
        while i < u.endIndex {
            let next = u.index(after: i)
            if u[i] == ReferenceGrammar.colon, next < u.endIndex, u[next] == ReferenceGrammar.colon {
                if doubleColon != nil { return nil }
                doubleColon = i
                i = u.index(after: next)
            } else {
                i = next
            }
        }
        guard let dc = doubleColon else {
            guard let all = words(s), all.count == 8 else { return nil }
            return all
        }
        guard let head = words(s[..<dc]), let tail = words(s[u.index(dc, offsetBy: 2)...]),
            head.count + tail.count <= 7
        else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
