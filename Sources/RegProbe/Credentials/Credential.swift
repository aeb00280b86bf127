/// A username and password (or token used as a password) for HTTP Basic auth or a Docker token request.
///
/// The password never appears in `description`, `debugDescription`, string interpolation, `print`, `dump`
/// or a debugger's `po`: all of them show `Credential(user: "ci", password: <redacted>)`.
///
/// Deliberately not `Codable`: encoding it would write the secret out.
public struct Credential: Sendable, Hashable {
    /// The user name, exactly as given (`oauth2accesstoken`, `_json_key`, `AWS`, `robot$name`, `org+robot`, ...).
    public let username: String
    /// The secret. Read it only to put it on the wire.
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
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
