#if canImport(Glibc)
import Glibc
#endif

/// Runs a Docker credential helper, `docker-credential-<name> get`, with the server on stdin, and reads
/// `{"ServerURL", "Username", "Secret"}` from stdout. A username of `<token>` means the secret is an identity
/// token. https://github.com/docker/docker-credential-helpers#development
///
/// The name must match `[A-Za-z0-9._-]+` (`isValidName`), so a config cannot point at a path (`x/evil`), and the
/// program is looked up in the absolute entries of `PATH` only (`ExecutableSearch`); that absolute path is spawned,
/// so a helper never comes from the current directory.
///
/// Bounded: the helper gets `timeout` to answer (then it is killed) and at most 64 KiB of output is read.
/// Its stderr is discarded (helpers print secrets there on some errors). What its exit status and stdout mean is
/// `HelperResponse` (a pure function); a failure quotes at most one escaped line of stdout that does not look like
/// a credential (`HelperOutputExcerpt`).
public struct CredentialHelper: Sendable {
    public let name: String
    public let timeoutMilliseconds: Int

    public init(name: String, timeoutMilliseconds: Int = 5000) {
        self.name = name
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var program: String { "docker-credential-\(name)" }

    public struct Failure: Error, Sendable, Hashable {
        public let message: String

        public init(message: String) { self.message = message }
    }

    /// Whether `name` may name a helper: `[A-Za-z0-9._-]+`, so that `docker-credential-<name>` is one file name.
    /// docker/cli puts any string after `docker-credential-` and lets `exec.LookPath` take a name with a `/` as a
    /// path; regprobe refuses those instead.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// The failure for a name `isValidName` refuses, naming the config file it came from (both escaped).
    public static func invalidName(_ name: String, configPath: String?) -> Failure {
        let place = configPath.map { " in \(EscapedText.escape($0))" } ?? ""
        let shown = EscapedText.escape(EscapedText.prefix(name, maxBytes: 100))
        return Failure(message: "credential helper name \"\(shown)\"\(place) is not allowed: a helper name has only "
            + "letters, digits, '.', '_' and '-' (docker-credential-NAME is looked up on PATH); nothing was run")
    }

    /// The credential for `server`, nil when the helper has none ("credentials not found"), or a failure naming
    /// the helper and what went wrong.
    public func get(server: String) -> Result<Credential?, Failure> {
        guard Self.isValidName(name) else { return .failure(Self.invalidName(name, configPath: nil)) }
        switch run(input: Array((server + "\n").utf8)) {
        case .success(let output):
            return outcome(of: HelperResponse.parse(exitCode: output.status, output: output.stdout), server: server)
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// What `response` means for a run: a credential, none, or a failure whose message names the helper and the
    /// server and never holds a secret.
    func outcome(of response: HelperResponse, server: String) -> Result<Credential?, Failure> {
        switch response {
        case .credential(let credential):
            return .success(credential)
        case .notFound:
            return .success(nil)
        case .failed(let exitCode, let excerpt):
            return .failure(Failure(message: "credential helper \(program) failed for \(server) (exit \(exitCode))"
                + excerpt.messageSuffix))
        case .malformed(let reason):
            return .failure(Failure(message: "credential helper \(program) gave an answer for \(server) that is not "
                + "the expected JSON ({\"Username\": ..., \"Secret\": ...}): \(reason)"))
        }
    }

    /// Spawns the program (found in an absolute PATH entry), writes `input`, reads stdout until it closes, within
    /// the time limit.
    private func run(input: [UInt8]) -> Result<(status: Int32, stdout: [UInt8]), Failure> {
        let executable: String
        switch ExecutableSearch.find(program, in: getenv("PATH").map { String(cString: $0) }) {
        case .found(let path):
            executable = path
        case .notFound(let skipped):
            let note = skipped.isEmpty ? "" : " (relative PATH entries such as "
                + "\"\(EscapedText.escape(skipped[0].isEmpty ? "." : skipped[0]))\" are not searched)"
            return .failure(Failure(message: "credential helper \(program) cannot be run: not found on PATH\(note); "
                + "install it or remove it from the docker config"))
        }
        var stdinPipe: [Int32] = [0, 0], stdoutPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0 else { return .failure(Failure(message: "cannot run \(program): pipe failed")) }
        guard pipe(&stdoutPipe) == 0 else {
            close(stdinPipe[0]); close(stdinPipe[1])
            return .failure(Failure(message: "cannot run \(program): pipe failed"))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of ours leaks into the helper (sockets, other pipes): a helper's children then cannot keep
        // our caller's pipes open after we stopped it.
        for fd in Int32(3)..<Int32(1024) where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        // Its own process group, so a timeout stops the helper and whatever it started.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(program), strdup("get"), nil]
        defer { for arg in argv { free(arg) } }
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1]); close(stdoutPipe[0])
            let reason = String(cString: strerror(spawned))
            return .failure(Failure(message: "credential helper \(program) cannot be run "
                + "(\(EscapedText.escape(executable))): \(reason); fix or reinstall it, or remove it from the "
                + "docker config"))
        }

        signal(SIGPIPE, SIG_IGN)
        _ = input.withUnsafeBytes { write(stdinPipe[1], $0.baseAddress, $0.count) }
        close(stdinPipe[1])

        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + .milliseconds(timeoutMilliseconds)
        var timedOut = false
        while output.count < 64 * 1024 {
            let left = deadline - ContinuousClock.now
            let leftMs = Int32(max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            if leftMs == 0 { timedOut = true; break }
            var fds = pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, leftMs)
            if ready == 0 { timedOut = true; break }
            if ready < 0 { if errno == EINTR { continue }; break }
            let n = read(stdoutPipe[0], &buffer, buffer.count)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        close(stdoutPipe[0])
        if timedOut { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut {
            return .failure(Failure(message: "credential helper \(program) did not answer within \(timeoutMilliseconds / 1000) s and was stopped"))
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return .success((exitCode, output))
    }
}
