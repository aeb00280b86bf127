/// A Docker `config.json` / containers `auth.json` that cannot be read or is malformed.
///
/// `reason` says what is wrong and where (`invalid JSON at line 3, column 17: expected ',' or '}'`,
/// `entry "reg.example.com": auth is not valid base64`); it never contains a password, token or `auth` value.
public struct DockerConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as given to `DockerConfig.load(path:)` / `parse(_:path:)`.
    public let path: String
    /// What is wrong, without any secret.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `<path>: <reason>`, the path with control characters escaped (`TerminalText`).
    public var description: String { "\(TerminalText.escape(path)): \(reason)" }
}
