/// Why a string is not a usable image reference. A value to turn into a verdict, never a crash.
///
/// `reason` is a short, lowercase-first message saying what is wrong (wording modelled on the
/// errors of distribution/reference `reference.go`, e.g. "repository name must be lowercase",
/// "repository name must not be more than 255 characters", "invalid tag format",
/// "invalid digest format"); `kind` classifies it for callers that branch on the cause.
public struct ReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of problem; `reason` carries the detail.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The input is the empty string.
        case empty
        /// The input starts or ends with whitespace (nothing is trimmed silently).
        case whitespace
        /// The input looks like a URL (`https://…`); references carry no scheme.
        case urlScheme
        /// Structure is wrong in a way no more specific kind covers (e.g. no name before `:tag`).
        case invalidFormat
        /// The registry host (first component) breaks the domain grammar.
        case invalidRegistry
        /// The repository path breaks the path-component grammar.
        case invalidName
        /// The repository path would be valid if it were lowercase.
        case uppercaseName
        /// The name is longer than 255 characters.
        case nameTooLong
        /// The tag is empty or has a character the tag grammar does not allow.
        case invalidTag
        /// The tag is longer than 128 characters.
        case tagTooLong
        /// The digest is malformed, has the wrong length, or is not lowercase hex.
        case invalidDigest
        /// The digest algorithm is not sha256, sha384 or sha512.
        case unsupportedDigestAlgorithm
    }

    /// The input exactly as given.
    public let input: String
    /// What is wrong, e.g. `repository name must be lowercase: "Team/App"`.
    public let reason: String
    /// The class of problem.
    public let kind: Kind

    public init(input: String, reason: String, kind: Kind = .invalidFormat) {
        self.input = input
        self.reason = reason
        self.kind = kind
    }

    /// `invalid reference "Foo/bar": repository name must be lowercase: "Foo/bar"`. The input is
    /// quoted with control characters escaped, and cut (with `…`) past 256 characters.
    public var description: String {
        "invalid reference \(ReferenceGrammar.quoted(input, limit: 256)): \(reason)"
    }
}
