// Character-level rules of the image reference grammar, checked by hand over UTF-8 bytes.
//
// Source of the rules: distribution/reference, `reference.go` (the grammar comment) and
// `regexp.go` (the regular expressions it is compiled from):
// https://github.com/distribution/reference/blob/main/reference.go
// https://github.com/distribution/reference/blob/main/regexp.go
//
//     reference        := name [ ":" tag ] [ "@" digest ]
//     name             := [domain '/'] remote-name
//     domain           := host [':' port-number]
//     host             := domain-name | IPv4address | \[ IPv6address \]
//     domain-name      := domain-component ['.' domain-component]*
//     domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//     port-number      := /[0-9]+/
//     path-component   := alpha-numeric [separator alpha-numeric]*
//     remote-name      := path-component ['/' path-component]*
//     alpha-numeric    := /[a-z0-9]+/
//     separator        := /[_.]|__|[-]+/
//     tag              := /[\w][\w.-]{0,127}/
//     ipv6address      := /\[(?:[a-fA-F0-9:]+)\]/   (no zone identifiers, no embedded IPv4)
//
// Nothing here allocates on the success path except the substrings handed back to callers,
// and every check is a single linear pass, so hostile input (very long strings) stays cheap.

/// A rule broken while parsing; `ImageReference.parse` turns it into a ``ReferenceError``.
struct GrammarViolation: Error, Sendable, Hashable {
    let kind: ReferenceError.Kind
    let reason: String

    init(_ kind: ReferenceError.Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }
}

enum ReferenceGrammar {
    /// `RepositoryNameTotalLengthMax` in distribution/reference `reference.go`.
    static let maxNameLength = 255
    /// `tag := [\w][\w.-]{0,127}` allows at most 128 characters.
    static let maxTagLength = 128

    // MARK: Byte classes (ASCII only; any byte >= 0x80 is outside every class)

    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let at = UInt8(ascii: "@")
    static let dot = UInt8(ascii: ".")
    static let underscore = UInt8(ascii: "_")
    static let dash = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let percent = UInt8(ascii: "%")

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { isLower(b) || isUpper(b) }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
    @inline(__always) static func isLowerAlnum(_ b: UInt8) -> Bool { isLower(b) || isDigit(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
    @inline(__always) static func isLowerHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x66) }
    /// `\w` in Go's RE2: `[0-9A-Za-z_]`.
    @inline(__always) static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == underscore }
    @inline(__always) static func isPathSeparator(_ b: UInt8) -> Bool { b == dot || b == underscore || b == dash }

    // MARK: Domain detection (normalize.go `splitDockerDomain`)

    /// Whether the first `/`-separated component names a registry rather than a namespace:
    /// it contains `.` or `:`, or is exactly `localhost` (case-sensitive, as in
    /// distribution/reference `normalize.go` `splitDockerDomain`).
    ///
    /// Judgement call: upstream also treats a first component containing uppercase letters
    /// (`Foo/bar`) as a domain; regprobe follows its specification instead and treats it as a
    /// path, which is then rejected as not lowercase (see `ImageReference.parse`).
    static func isDomainComponent(_ first: Substring) -> Bool {
        if first == "localhost" { return true }
        return first.utf8.contains { $0 == dot || $0 == colon }
    }

    // MARK: Domain

    /// Checks `domain := host [':' port-number]` and returns the host (brackets removed for IPv6)
    /// and the port if one was written.
    ///
    /// IPv6 literals follow `ipv6address` in `regexp.go`: brackets around `[a-fA-F0-9:]+`; zone
    /// identifiers (RFC 6874) and embedded IPv4 are deliberately excluded upstream, and here.
    /// Ports follow `[0-9]+`, additionally bounded to 65535 so they fit a TCP port, unless `boundedPort` is false
    /// (distribution's grammar as written, for kubelet's reading: then the port is nil when it overflows `Int`).
    static func checkDomain(_ domain: Substring, boundedPort: Bool = true)
        throws(GrammarViolation) -> (host: Substring, port: Int?)
    {
        func failure(_ detail: String) -> GrammarViolation {
            GrammarViolation(.invalidRegistry, "invalid registry host \(quoted(domain)): \(detail)")
        }
        let u = domain.utf8
        guard let first = u.first else { throw failure("host is empty") }

        let host: Substring
        let rest: Substring
        if first == openBracket {
            guard let close = u.firstIndex(of: closeBracket) else {
                throw failure("IPv6 address is missing the closing \"]\"")
            }
            let inner = domain[u.index(after: u.startIndex)..<close]
            if inner.isEmpty { throw failure("IPv6 address is empty") }
            for b in inner.utf8 where !(isHex(b) || b == colon) {
                if b == percent { throw failure("IPv6 zone identifiers are not allowed") }
                if b == dot { throw failure("IPv6 addresses with an embedded IPv4 part are not allowed") }
                throw failure("IPv6 address may contain only hex digits and \":\"")
            }
            host = inner
            rest = domain[u.index(after: close)...]
            if let next = rest.utf8.first, next != colon {
                throw failure("unexpected characters after the IPv6 address")
            }
        } else {
            let firstColon = u.firstIndex(of: colon)
            host = domain[..<(firstColon ?? domain.endIndex)]
            rest = domain[(firstColon ?? domain.endIndex)...]
            if rest.utf8.dropFirst().contains(colon) {
                throw failure("host has more than one \":\" (IPv6 addresses must be enclosed in brackets)")
            }
            if host.isEmpty { throw failure("host is empty") }
            for label in host.split(separator: ".", omittingEmptySubsequences: false) {
                guard let lf = label.utf8.first, let ll = label.utf8.last else {
                    throw failure("host name has an empty label")
                }
                if let bad = firstCharacter(in: label, notMatching: { isAlnum($0) || $0 == dash }) {
                    throw failure("invalid character \(quoted(String(bad))) in host name")
                }
                if lf == dash || ll == dash {
                    throw failure("host name label \(quoted(label)) must not start or end with \"-\"")
                }
            }
        }

        guard !rest.isEmpty else { return (host, nil) }
        let digits = rest.dropFirst()  // drop ":"
        if digits.isEmpty { throw failure("port is empty") }
        if !digits.utf8.allSatisfy(isDigit) { throw failure("port \(quoted(digits)) is not a number") }
        guard boundedPort else { return (host, Int(digits)) }
        guard digits.utf8.count <= 5, let port = Int(digits), port <= 65535 else {
            throw failure("port must be at most 65535")
        }
        return (host, port)
    }

    // MARK: Path (remote-name)

    enum ComponentCheck: Equatable {
        case valid(hasUppercase: Bool)
        case empty
        case invalidCharacter(Character)
        case leadingSeparator
        case trailingSeparator
        case badSeparator(Substring)
    }

    /// Checks one `path-component := [a-z0-9]+ (separator [a-z0-9]+)*` where
    /// `separator := [._] | __ | [-]+`. Uppercase ASCII letters are accepted as alphanumerics but
    /// reported, so the caller can say "must be lowercase" (as `reference.go` `Parse` does when the
    /// lowercased input would match).
    static func checkPathComponent(_ component: Substring) -> ComponentCheck {
        let u = component.utf8
        guard let first = u.first else { return .empty }
        if isPathSeparator(first) { return .leadingSeparator }
        var hasUppercase = false
        var i = u.startIndex
        while i < u.endIndex {
            let b = u[i]
            if isAlnum(b) {
                if isUpper(b) { hasUppercase = true }
                u.formIndex(after: &i)
            } else if isPathSeparator(b) {
                let runStart = i
                while i < u.endIndex, isPathSeparator(u[i]) { u.formIndex(after: &i) }
                let run = component[runStart..<i]
                if !isValidSeparator(run) { return .badSeparator(run) }
                if i == u.endIndex { return .trailingSeparator }
            } else {
                let bad = firstCharacter(in: component, notMatching: { isAlnum($0) || isPathSeparator($0) })
                return .invalidCharacter(bad ?? Character(Unicode.Scalar(b)))
            }
        }
        return .valid(hasUppercase: hasUppercase)
    }

    /// `[._] | __ | [-]+`
    static func isValidSeparator(_ run: Substring) -> Bool {
        let u = run.utf8
        if u.count == 1 { return true }
        if u.allSatisfy({ $0 == dash }) { return true }
        return u.count == 2 && u.allSatisfy { $0 == underscore }
    }

    /// Checks `remote-name := path-component ('/' path-component)*`.
    /// Structural errors win over case errors, as upstream reports "must be lowercase" only when
    /// the lowercased reference would parse.
    static func checkPath(_ path: Substring) throws(GrammarViolation) {
        var sawUppercase = false
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch checkPathComponent(component) {
            case .valid(let hasUppercase):
                sawUppercase = sawUppercase || hasUppercase
            case .empty:
                throw GrammarViolation(.invalidName, "repository name \(quoted(path)) has an empty path component")
            case .invalidCharacter(let c):
                throw GrammarViolation(
                    .invalidName,
                    "repository name component \(quoted(component)) contains invalid character \(quoted(String(c)))")
            case .leadingSeparator:
                throw GrammarViolation(
                    .invalidName,
                    "repository name component \(quoted(component)) must start with a lowercase letter or digit")
            case .trailingSeparator:
                throw GrammarViolation(
                    .invalidName,
                    "repository name component \(quoted(component)) must end with a lowercase letter or digit")
            case .badSeparator(let run):
                throw GrammarViolation(
                    .invalidName,
                    "repository name component \(quoted(component)) has invalid separator \(quoted(run)) "
                        + "(allowed: one \".\", one or two \"_\", or any number of \"-\")")
            }
        }
        if sawUppercase {
            throw GrammarViolation(.uppercaseName, "repository name must be lowercase: \(quoted(path))")
        }
    }

    // MARK: Tag

    /// Checks `tag := [\w][\w.-]{0,127}`. Format problems are reported before length.
    static func checkTag(_ tag: Substring) throws(GrammarViolation) {
        let u = tag.utf8
        guard let first = u.first else {
            throw GrammarViolation(.invalidTag, "tag is empty after \":\"")
        }
        if !isWord(first) {
            throw GrammarViolation(
                .invalidTag,
                "invalid tag format \(quoted(tag)): must start with a letter, digit or \"_\"")
        }
        if let bad = firstCharacter(in: tag, notMatching: { isWord($0) || $0 == dot || $0 == dash }) {
            throw GrammarViolation(
                .invalidTag,
                "invalid tag format \(quoted(tag)): invalid character \(quoted(String(bad)))")
        }
        if u.count > maxTagLength {
            throw GrammarViolation(.tagTooLong, "tag is longer than \(maxTagLength) characters (\(u.count))")
        }
    }

    // MARK: Identifier

    /// `identifier := /[a-f0-9]{64}/` — `ParseNormalizedNamed` in `normalize.go` refuses a whole
    /// reference that is exactly this, because it is ambiguous with an image ID.
    static func isHexIdentifier(_ s: String) -> Bool {
        let u = s.utf8
        return u.count == 64 && u.allSatisfy(isLowerHex)
    }

    // MARK: Helpers

    /// The first `Character` of `s` that is not an ASCII byte accepted by `allowed`.
    static func firstCharacter(in s: Substring, notMatching allowed: (UInt8) -> Bool) -> Character? {
        guard !s.utf8.allSatisfy(allowed) else { return nil }
        return s.first { c in
            guard c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value, v < 0x80 else { return true }
            return !allowed(UInt8(v))
        }
    }

    /// `s` in double quotes with `"`, `\`, control and non-space whitespace characters escaped,
    /// cut to `limit` characters with a visible `…` so a huge input cannot flood a message.
    static func quoted(_ s: some StringProtocol, limit: Int = 96) -> String {
        TerminalText.quote(s, limit: limit)
    }
}
