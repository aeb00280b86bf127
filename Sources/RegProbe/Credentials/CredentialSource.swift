/// Where the credential used for a registry came from, for reports and `--verbose` output.
public enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// `--username` with `--password-stdin`.
    case flags
    /// `REGPROBE_USERNAME` / `REGPROBE_PASSWORD`.
    case environment
    /// A Docker `config.json` or containers `auth.json`: which file, and which key of its `auths` matched.
    case authFile(path: String, key: String)
    /// A Docker credential helper (`credHelpers` / `credsStore` of a docker config).
    case helper(name: String, configPath: String)
    /// A Kubernetes pull secret: its namespace and name, the key of its `auths` (as written), and the username.
    case pullSecret(namespace: String, name: String, key: String, username: String)
    /// No credential: anonymous access (a Bearer token may still be fetched without one).
    case anonymous

    /// `flags`, `env`, `/root/.docker/config.json (key https://index.docker.io/v1/)`, `anonymous`.
    public var description: String {
        switch self {
        case .flags: "flags"
        case .environment: "env"
        case .authFile(let path, let key): "\(path) (key \(key))"
        case .helper(let name, let path): "docker-credential-\(name) (\(path))"
        case .pullSecret(let namespace, let name, let key, let username):
            "secret \(namespace)/\(name) (key \(key), user \(username))"
        case .anonymous: "anonymous"
        }
    }
}
