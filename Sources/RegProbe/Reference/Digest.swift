/// A content digest, `algorithm ":" encoded`, restricted to the algorithms regprobe can verify.
///
/// Grammar: distribution/reference `reference.go`
/// (https://github.com/distribution/reference/blob/main/reference.go):
///
///     digest                     := digest-algorithm ":" digest-hex
///     digest-algorithm           := digest-algorithm-component [ digest-algorithm-separator digest-algorithm-component ]*
///     digest-algorithm-separator := /[+.-_]/
///     digest-algorithm-component := /[A-Za-z][A-Za-z0-9]*/
///     digest-hex                 := /[0-9a-fA-F]{32,}/
///
/// On top of that grammar, the registered algorithms are validated the way
/// `github.com/opencontainers/go-digest` `Digest.Validate` does (the check `reference.Parse`
/// delegates to): the algorithm must be one that is supported (`ErrDigestUnsupported`), the
/// encoded part must have exactly the algorithm's hex length (`ErrDigestInvalidLength`) and be
/// lowercase hex `[a-f0-9]` (`ErrDigestInvalidFormat`). Supported here: the OCI registered
/// algorithms sha256 (64 hex), sha384 (96) and sha512 (128); algorithm names are lowercase.
public struct Digest: Sendable, Hashable, CustomStringConvertible {
    /// The algorithms regprobe accepts, in the order they are listed in messages.
    public static let supportedAlgorithms: [String] = ["sha256", "sha384", "sha512"]

    /// The number of hex characters an encoded digest of `algorithm` has, or `nil` when the
    /// algorithm is not supported. Case-sensitive: `"SHA256"` is not supported.
    public static func encodedLength(ofAlgorithm algorithm: some StringProtocol) -> Int? {
        switch algorithm {
        case "sha256": 64
        case "sha384": 96
        case "sha512": 128
        default: nil
        }
    }

    /// `"sha256"`, `"sha384"` or `"sha512"`.
    public let algorithm: String
    /// Lowercase hex, exactly 64, 96 or 128 characters for the algorithm.
    public let encoded: String

    /// Parses `"algorithm:hex"`; `nil` when it is not a well-formed digest of a supported algorithm.
    public init?(parsing string: String) {
        guard let digest = try? Digest.validated(string[...]) else { return nil }
        self = digest
    }

    private init(validAlgorithm algorithm: String, encoded: String) {
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// `"sha256:<hex>"`.
    public var description: String { algorithm + ":" + encoded }

    /// `"sha256:"` followed by the first 12 hex characters, for display.
    public var short: String { algorithm + ":" + encoded.prefix(12) }

    /// Validates a digest, reporting why it is not acceptable.
    static func validated(_ s: Substring) throws(GrammarViolation) -> Digest {
        typealias G = ReferenceGrammar
        let u = s.utf8
        guard let colon = u.firstIndex(of: G.colon) else {
            throw GrammarViolation(.invalidDigest, "invalid digest format: expected \"algorithm:hex\"")
        }
        let algorithm = s[..<colon]
        let encoded = s[u.index(after: colon)...]
        if algorithm.isEmpty {
            throw GrammarViolation(.invalidDigest, "invalid digest format: algorithm is empty")
        }
        if encoded.isEmpty {
            throw GrammarViolation(.invalidDigest, "invalid digest format: encoded value is empty")
        }
        if !isWellFormedAlgorithm(algorithm) {
            throw GrammarViolation(
                .invalidDigest,
                "invalid digest format: malformed algorithm \(G.quoted(algorithm))")
        }
        if !encoded.utf8.allSatisfy(G.isHex) {
            throw GrammarViolation(.invalidDigest, "invalid digest format: encoded value must be hexadecimal")
        }
        guard let expected = encodedLength(ofAlgorithm: algorithm) else {
            let supported = supportedAlgorithms.joined(separator: ", ")
            if encodedLength(ofAlgorithm: algorithm.lowercased()) != nil {
                throw GrammarViolation(
                    .unsupportedDigestAlgorithm,
                    "unsupported digest algorithm \(G.quoted(algorithm)): algorithm names are lowercase")
            }
            throw GrammarViolation(
                .unsupportedDigestAlgorithm,
                "unsupported digest algorithm \(G.quoted(algorithm)) (supported: \(supported))")
        }
        let length = encoded.utf8.count
        if length != expected {
            throw GrammarViolation(
                .invalidDigest,
                "\(algorithm) digest must have \(expected) hex characters, got \(length)")
        }
        if !encoded.utf8.allSatisfy(G.isLowerHex) {
            throw GrammarViolation(.invalidDigest, "invalid digest format: \(algorithm) hex must be lowercase")
        }
        return Digest(validAlgorithm: String(algorithm), encoded: String(encoded))
    }

    /// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*` (`digestPat` in `regexp.go`).
    static func isWellFormedAlgorithm(_ algorithm: Substring) -> Bool {
        typealias G = ReferenceGrammar
        var expectComponentStart = true
        for b in algorithm.utf8 {
            if expectComponentStart {
                guard G.isAlpha(b) else { return false }
                expectComponentStart = false
            } else if b == G.dash || b == G.underscore || b == G.plus || b == G.dot {
                expectComponentStart = true
            } else if !G.isAlnum(b) {
                return false
            }
        }
        return !expectComponentStart
    }
}
