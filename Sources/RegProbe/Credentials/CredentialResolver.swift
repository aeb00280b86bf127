import Synchronization

/// Where a run's credentials come from. First match wins:
///  1. `--anonymous`: none at all;
///  2. `--username` with `--password-stdin` (or `REGPROBE_PASSWORD`): for every registry of the run;
///  3. `REGPROBE_USERNAME` and `REGPROBE_PASSWORD`;
///  4. `--authfile FILE`, alone;
///  5. else the first of `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
///     `$DOCKER_CONFIG/config.json` (or `~/.docker/config.json`) that has something for the registry. Within one
///     file, as docker/cli does: its `credHelpers` entry for the registry, else its `credsStore`, else `auths`.
///     A helper runs only when it is selected, and its answer is kept for the run.
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
    public var xdgRuntimeDirectory: String?
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
    private let helperAnswers = HelperAnswers()

    /// The files that were read, in the order they are searched.
    public var files: [String] {
        if case .files(let configs) = mode { return configs.map(\.path) }
        return []
    }

    public static let anonymous = CredentialResolver(mode: .anonymous)

    /// One credential for every registry (what `--username` gives), from `source`.
    public static func fixed(_ credential: Credential, source: CredentialSource = .flags) -> CredentialResolver {
        CredentialResolver(mode: .fixed(credential, source))
    }

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
        if let dir = options.xdgRuntimeDirectory, !dir.isEmpty { candidates.append(dir + "/containers/auth.json") }
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

    /// The credential for one image, and where it came from (never the secret itself); a failure when a
    /// credential helper that was selected could not answer.
    public func lookup(registry: RegistryHost, repository: String) -> Result<(credential: Credential?, source: CredentialSource), CredentialHelper.Failure> {
        switch mode {
        case .anonymous:
            return .success((nil, .anonymous))
        case .fixed(let credential, let source):
            return .success((credential, source))
        case .files(let configs):
            for config in configs {
                if let name = config.credentialHelper(for: registry) {
                    guard CredentialHelper.isValidName(name) else {
                        return .failure(CredentialHelper.invalidName(name, configPath: config.path))
                    }
                    let server = registry.isDockerHub ? "https://index.docker.io/v1/" : registry.name
                    let source = CredentialSource.helper(name: name, configPath: config.path)
                    switch helperAnswers.answer(helper: name, server: server) {
                    case .success(let credential?): return .success((credential, source))
                    case .success(nil): break  // the helper has nothing for it: look further
                    case .failure(let failure): return .failure(failure)
                    }
                    continue
                }
                if let match = config.credential(for: registry, repository: repository) {
                    return .success((match.credential, .authFile(path: config.path, key: match.key)))
                }
            }
            return .success((nil, .anonymous))
        }
    }
}

/// Each (helper, server) is asked once per run.
final class HelperAnswers: Sendable {
    private let answers = Mutex<[String: Result<Credential?, CredentialHelper.Failure>]>([:])

    func answer(helper: String, server: String) -> Result<Credential?, CredentialHelper.Failure> {
        let key = helper + "|" + server
        if let known = answers.withLock({ $0[key] }) { return known }
        let result = CredentialHelper(name: helper).get(server: server)
        answers.withLock { $0[key] = result }
        return result
    }
}
