/// One authentication challenge from a `WWW-Authenticate` response header.
///
/// A registry answers an unauthenticated request with `401` and one or more challenges, e.g.
///
///     WWW-Authenticate: Bearer realm="https://auth.docker.io/token",service="registry.docker.io"
///
/// Grammar: RFC 7235 §4.1 / §2.1 (https://www.rfc-editor.org/rfc/rfc7235#section-4.1,
/// https://www.rfc-editor.org/rfc/rfc7235#section-2.1):
///
///     challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
///     auth-param = token BWS "=" BWS ( token / quoted-string )
///
/// The Bearer parameters `realm`, `service`, `scope` and `error` are those of the Docker registry token
/// authentication spec (https://distribution.github.io/distribution/spec/auth/token/).
///
/// Parsing lives in `AuthChallenge+Parsing.swift` (`AuthChallenge.parse(headerValues:)`).
public struct AuthChallenge: Sendable, Hashable {
    /// The auth-scheme, lowercased ("bearer", "basic", "negotiate", ...). Schemes are case-insensitive
    /// (RFC 7235 §2.1).
    public let scheme: String
    /// The auth-params: names lowercased (they are case-insensitive, RFC 7235 §2.1), values with quoting and
    /// quoted-pair escapes removed (RFC 7230 §3.2.6). If a name occurs more than once the first value is kept.
    public let parameters: [String: String]
    /// The token68 form of the challenge (e.g. `Negotiate abc==`), if the challenge used it instead of
    /// auth-params. Never set together with `parameters`.
    public let token68: String?

    /// Creates a challenge. `scheme` and parameter names are lowercased; if two names differ only in case the
    /// value of the one that sorts first is kept (use `parse(headerValues:)` for first-in-header semantics).
    public init(scheme: String, parameters: [String: String] = [:], token68: String? = nil) {
        self.scheme = scheme.lowercased()
        var lowered: [String: String] = [:]
        for key in parameters.keys.sorted() {
            let name = key.lowercased()
            if lowered[name] == nil { lowered[name] = parameters[key] }
        }
        self.parameters = lowered
        self.token68 = token68
    }

    /// Trusted initializer for the parser: `scheme` and the parameter names are already lowercased.
    init(lowercasedScheme: String, parameters: [String: String], token68: String?) {
        self.scheme = lowercasedScheme
        self.parameters = parameters
        self.token68 = token68
    }

    /// `realm`: for Bearer, the URL of the token endpoint; for Basic, a display string (RFC 7235 §2.2).
    public var realm: String? { parameters["realm"] }
    /// `service`: the name of the registry service the token is for (Docker token auth spec).
    public var service: String? { parameters["service"] }
    /// `scope`: the resource scope(s) needed, e.g. `repository:library/nginx:pull` (Docker token auth spec);
    /// several scopes are separated by spaces.
    public var scope: String? { parameters["scope"] }
    /// `error`: why a presented token was rejected, e.g. `insufficient_scope` or `invalid_token`
    /// (RFC 6750 §3.1, used by the distribution registry).
    public var error: String? { parameters["error"] }

    /// Whether this is a `Bearer` challenge (Docker token auth).
    public var isBearer: Bool { scheme == "bearer" }
    /// Whether this is a `Basic` challenge (RFC 7617).
    public var isBasic: Bool { scheme == "basic" }

    /// Picks the challenge to answer: the first `Bearer` challenge, else the first `Basic` one. Other schemes
    /// (Negotiate, NTLM, Digest, ...) are not supported and are ignored, so the result may be `nil`.
    public static func preferred(_ challenges: [AuthChallenge]) -> AuthChallenge? {
        challenges.first(where: \.isBearer) ?? challenges.first(where: \.isBasic)
    }
}

extension AuthChallenge: CustomStringConvertible {
    /// A header-like rendering, e.g. `Bearer realm="https://auth.example/token", service="example"`, with
    /// parameters sorted by name. A token68 is not shown (it may be a server-issued credential), only its length.
    public var description: String {
        var text = scheme.prefix(1).uppercased() + scheme.dropFirst()
        if let token68 {
            text += " <token68, \(token68.utf8.count) bytes>"
        } else if !parameters.isEmpty {
            let rendered = parameters.keys.sorted().map { key in
                let value = parameters[key] ?? ""
                var quoted = "\""
                // By scalar, not Character: `"` followed by a combining mark is one Character that is not `"`.
                for scalar in value.unicodeScalars {
                    if scalar == "\"" || scalar == "\\" { quoted.unicodeScalars.append("\\") }
                    quoted.unicodeScalars.append(scalar)
                }
                return key + "=" + quoted + "\""
            }
            text += " " + rendered.joined(separator: ", ")
        }
        return text
    }
}
