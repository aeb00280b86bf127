import ArgumentParser
import RegProbe

public struct CredentialFlags: ParsableArguments {
    public init() {}

    @Option(
        name: [.short, .long],
        help: "Username for every registry of this run (the password comes from --password-stdin or REGPROBE_PASSWORD)."
    )
    public var username: String?

    @Flag(help: "Read the password (or token) for --username from standard input.")
    var passwordStdin = false

    @Option(help: "Docker config.json or containers auth.json to take credentials from (instead of the default files).")
    public var authfile: String?

    @Flag(help: "Use no credentials at all.")
    public var anonymous = false

    public func validate() throws {
        if passwordStdin && username == nil {
            throw ValidationError("--password-stdin needs --username")
        }
        if anonymous && (username != nil || authfile != nil) {
            throw ValidationError("--anonymous cannot be combined with --username or --authfile")
        }
        if username != nil && authfile != nil {
            throw ValidationError("give either --username or --authfile, not both")
        }
    }

    public func options(environment: Terminal) throws -> CredentialOptions {
        var options = CredentialOptions()
        options.anonymous = anonymous
        options.username = username
        if passwordStdin {
            options.password = try environment.readPasswordFromStdin()
        }
        options.environmentUsername = environment.variable("REGPROBE_USERNAME")
        options.environmentPassword = environment.variable("REGPROBE_PASSWORD")
        if username != nil && !passwordStdin && options.environmentPassword == nil {
            throw InputError(
                message: "--username needs a password: pipe it with --password-stdin or set REGPROBE_PASSWORD")
        }
        options.authFile = authfile
        options.registryAuthFile = environment.variable("REGISTRY_AUTH_FILE")
        options.xdgRuntimeDirectory = environment.variable("XDG_RUNTIME_DIR")
        options.dockerConfigDirectory = environment.variable("DOCKER_CONFIG")
        options.homeDirectory = environment.variable("HOME")
        return options
    }
}

public struct InputError: Error {
    public let message: String

    public init(message: String) { self.message = message }
}
