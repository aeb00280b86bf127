/// Where a run's credentials come from. First match wins:
///  1. `--anonymous`: none at all;
///  2. `--username` with `--password-stdin` (or `REGPROBE_PASSWORD`): for every registry of the run;
///  3. `REGPROBE_USERNAME` and `REGPROBE_PASSWORD`;
///  4. `--authfile FILE`, alone;
///  5. else the first of `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
///     `$DOCKER_CONFIG/config.json` (or `~/.docker/config.json`) that has something for the registry. Within one
///     file, as docker/cli does: its `credHelpers` entry for the registry, else its `credsStore`, else `auths`.
///     A helper runs only when it is selected, and its answer is kept for the run (`lookup(_:timeoutSeconds:)`).
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
    public static func load(
        _ options: CredentialOptions,
        exists: (String) -> Bool
    ) throws(DockerConfigError) -> CredentialResolver {
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

    /// What `lookup` answers for one image: the credential and where it came from (never the secret itself), or
    /// a failure when a credential helper that was selected could not answer.
    public typealias Lookup = Result<(credential: Credential?, source: CredentialSource), CredentialHelper.Failure>

    /// The credentials for many images at once (`CheckPlan` asks for a whole run before any check starts).
    ///
    /// Every credential helper the images need is run before this returns, all of them concurrently, on a thread
    /// of their own, under one deadline: `min(5 s, timeoutSeconds)` from the start of the call, so the whole lookup
    /// fits in one check's time budget (`--timeout`). A helper that has nothing for a registry sends the lookup on
    /// to the next file, which may name another helper: those are asked in a next round, under the same deadline.
    /// Each (helper, server) is asked at most once per resolver.
    public func lookup(
        _ targets: [(registry: RegistryHost, repository: String)],
        timeoutSeconds: Double = 30
    ) async -> [Lookup] {
        guard case .files(let configs) = mode else {
            return targets.map { lookup(registry: $0.registry, repository: $0.repository, answers: [:]).result! }
        }
        let limit = min(CredentialHelper.defaultLimit, .milliseconds(Int(max(0, timeoutSeconds) * 1000)))
        let deadline = ContinuousClock.now + limit
        var known: [HelperQuery: HelperBatch.Answer] = [:]
        // Each round moves every pending image past at least one config file: at most one round per file.
        for _ in 0...configs.count {
            var needed = Set<HelperQuery>()
            for target in targets {
                if let query = lookup(registry: target.registry, repository: target.repository, answers: known).query {
                    needed.insert(query)
                }
            }
            if needed.isEmpty { break }
            known.merge(await helperAnswers.answers(for: needed, deadline: deadline, limit: limit)) { $1 }
        }
        return targets.map { target in
            let step = lookup(registry: target.registry, repository: target.repository, answers: known)
            return step.result
                ?? .failure(
                    CredentialHelper.Failure(
                        message: "credential helper for \(target.registry.name) was not asked (internal error)"))
        }
    }

    /// The credential for one image (see `lookup(_:timeoutSeconds:)`).
    public func lookup(registry: RegistryHost, repository: String, timeoutSeconds: Double = 30) async -> Lookup {
        await lookup([(registry, repository)], timeoutSeconds: timeoutSeconds)[0]
    }

    /// One step of the lookup for one image, as docker/cli's `GetCredentialsStore` picks a store per file: its
    /// `credHelpers` entry for the registry, else its `credsStore`, else its `auths`, file after file. Either the
    /// result, or the helper question that must be answered first (`answers` holds those asked so far).
    func lookup(
        registry: RegistryHost, repository: String,
        answers: [HelperQuery: HelperBatch.Answer]
    ) -> (result: Lookup?, query: HelperQuery?) {
        switch mode {
        case .anonymous:
            return (.success((nil, .anonymous)), nil)
        case .fixed(let credential, let source):
            return (.success((credential, source)), nil)
        case .files(let configs):
            for config in configs {
                if let name = config.credentialHelper(for: registry) {
                    guard CredentialHelper.isValidName(name) else {
                        return (.failure(CredentialHelper.invalidName(name, configPath: config.path)), nil)
                    }
                    let server = registry.isDockerHub ? "https://index.docker.io/v1/" : registry.name
                    let query = HelperQuery(helper: name, server: server)
                    guard let answer = answers[query] else { return (nil, query) }
                    let source = CredentialSource.helper(name: name, configPath: config.path)
                    switch answer {
                    case .success(let credential?): return (.success((credential, source)), nil)
                    case .success(nil): continue  // the helper has nothing for it: look further
                    case .failure(let failure): return (.failure(failure), nil)
                    }
                }
                if let match = config.credential(for: registry, repository: repository) {
                    return (.success((match.credential, .authFile(path: config.path, key: match.key))), nil)
                }
            }
            return (.success((nil, .anonymous)), nil)
        }
    }
}
