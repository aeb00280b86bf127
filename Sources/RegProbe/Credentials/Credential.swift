/// A username and password (or token used as a password) for HTTP Basic auth or a Docker token request.
///
/// The password never appears in `description`, `debugDescription`, string interpolation, `print`, `dump`
/// or a debugger's `po`: all of them show `Credential(user: "ci", password: <redacted>)`.
///
/// Deliberately not `Codable`: encoding it would write the secret out.
public struct Credential: Sendable, Hashable {
    /// What the secret is, which decides how it is used.
    public enum Kind: Sendable, Hashable {
        /// A password (or a token used as one): HTTP Basic, and Basic to the token server.
        case password
        /// An OAuth2 refresh token (docker config `identitytoken`, a helper's `<token>` user): exchanged at the
        /// token server by `POST grant_type=refresh_token`.
        case identityToken
        /// A bearer token for the registry itself (docker config `registrytoken`): sent as is.
        case registryToken
    }

    /// The user name, exactly as given (`oauth2accesstoken`, `_json_key`, `AWS`, `robot$name`, `org+robot`, ...).
    public let username: String
    /// The secret. Read it only to put it on the wire.
    public let password: String
    public let kind: Kind

    /// True when the username or the secret has a control character (CR, LF, NUL, ...). Such a value is never
    /// sent: a token goes into a header as is, where CR/LF would inject lines, and for a password it is nearly
    /// always a copy-and-paste slip. Go's net/http refuses such header values the same way.
    public var hasControlCharacters: Bool {
        !HTTPHeaders.isValidFieldValue(username) || !HTTPHeaders.isValidFieldValue(password)
            || username.contains("\t") || password.contains("\t")
    }

    public init(username: String, password: String, kind: Kind = .password) {
        self.username = username
        self.password = password
        self.kind = kind
    }
}

extension Credential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `Credential(user: "ci", password: <redacted>)` — the password is never shown, not even its length.
    public var description: String {
        "Credential(user: \(String(reflecting: username)), password: <redacted>)"
    }

    public var debugDescription: String { description }

    /// What `dump`, `print` of an enclosing value and debuggers see: the username and a placeholder.
    public var customMirror: Mirror {
        Mirror(self, children: ["username": username, "password": "<redacted>"], displayStyle: .struct)
    }
}
