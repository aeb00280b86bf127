/// Where a run's credentials come from. First match wins:
///  1. `--anonymous`: none at all;
///  2. `--username` with `--password-stdin` (or `REGPROBE_PASSWORD`): for every registry of the run;
///  3. `REGPROBE_USERNAME` and `REGPROBE_PASSWORD`;
///  4. `--authfile FILE`, alone;
///  5. else the first of `$REGISTRY_AUTH_FILE`, `$DOCKER_CONFIG/config.json`, `~/.docker/config.json` that holds an
///     entry for the registry.
/// Every file named is read before any request: a broken one stops the run (exit 4), it never silently
/// turns into an anonymous check.
public struct CredentialOptions: Sendable {
    public var anonymous = false
    public var username: String?
    public var password: String?
    public var environmentUsername: String?
    public var environmentPassword: String?
    public var authFile: String?
    public var registryAuthFile: String?
    public var dockerConfigDirectory: String?
    public var homeDirectory: String?

    public init() {}
}

public struct CredentialResolver: Sendable {
    private enum Mode: Sendable {
        case anonymous
        case fixed(Credential, CredentialSource)
        case files([DockerConfig])
    }

    private let mode: Mode

    /// The files that were read, in the order they are searched.
    public var files: [String] {
        if case .files(let configs) = mode { return configs.map(\.path) }
        return []
    }

    public static let anonymous = CredentialResolver(mode: .anonymous)

    private init(mode: Mode) { self.mode = mode }

    /// Reads what the options name. `exists` is asked for default files only: an `--authfile` that is missing
    /// is an error, a missing `~/.docker/config.json` is not.
    public static func load(_ options: CredentialOptions,
                            exists: (String) -> Bool) throws(DockerConfigError) -> CredentialResolver {
        if options.anonymous { return .anonymous }
        if let username = options.username {
            let password = options.password ?? options.environmentPassword ?? ""
            return CredentialResolver(mode: .fixed(Credential(username: username, password: password), .flags))
        }
        if let username = options.environmentUsername, let password = options.environmentPassword {
            return CredentialResolver(mode: .fixed(Credential(username: username, password: password), .environment))
        }
        if let authFile = options.authFile {
            return CredentialResolver(mode: .files([try DockerConfig.load(path: authFile)]))
        }
        var candidates: [String] = []
        if let file = options.registryAuthFile, !file.isEmpty { candidates.append(file) }
        if let dir = options.dockerConfigDirectory, !dir.isEmpty {
            candidates.append(dir + "/config.json")
        } else if let home = options.homeDirectory, !home.isEmpty {
            candidates.append(home + "/.docker/config.json")
        }
        var configs: [DockerConfig] = []
        for path in candidates where exists(path) {
            configs.append(try DockerConfig.load(path: path))
        }
        return CredentialResolver(mode: .files(configs))
    }

    /// The credential for one image, and where it came from (never the secret itself).
    public func resolve(registry: RegistryHost, repository: String) -> (credential: Credential?, source: CredentialSource) {
        switch mode {
        case .anonymous:
            return (nil, .anonymous)
        case .fixed(let credential, let source):
            return (credential, source)
        case .files(let configs):
            for config in configs {
                if let match = config.credential(for: registry, repository: repository) {
                    return (match.credential, .authFile(path: config.path, key: match.key))
                }
            }
            return (nil, .anonymous)
        }
    }
}
