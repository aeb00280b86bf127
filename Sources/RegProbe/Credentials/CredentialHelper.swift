#if canImport(Glibc)
import Glibc
#endif

/// A Docker credential helper, `docker-credential-<name>`: `get` reads the server on stdin and prints
/// `{"ServerURL", "Username", "Secret"}` on stdout. A username of `<token>` means the secret is an identity token.
/// https://github.com/docker/docker-credential-helpers#development
///
/// How regprobe runs one (`HelperBatch`, `HelperProcess`):
/// - the name must match `[A-Za-z0-9._-]+` (`isValidName`): anything else (`x/evil`, `../x`) is refused before any
///   lookup, so a config cannot point at a path;
/// - the program is looked up in the absolute entries of `PATH` only (`ExecutableSearch`) and that absolute path is
///   spawned: a helper never comes from the current directory;
/// - one deadline (5 s, or `--timeout` when shorter) covers its output and its exit; then its process group is
///   killed. A child that left the group (`setsid`) and still holds stdout does not keep regprobe waiting: once the
///   helper itself has exited, what it wrote is its answer;
/// - at most 64 KiB of output is read; more stops it at once;
/// - its stderr goes to `/dev/null` (helpers print secrets there on some errors); a failure quotes at most one
///   escaped line of stdout that does not look like a credential (`HelperOutputExcerpt`);
/// - what its answer means is `HelperResponse` (a pure function of the exit status and stdout).
public struct CredentialHelper: Sendable {
    public let name: String
    public let timeoutMilliseconds: Int

    public init(name: String, timeoutMilliseconds: Int = 5000) {
        self.name = name
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// `docker-credential-<name>`.
    public var program: String { "docker-credential-\(name)" }

    public struct Failure: Error, Sendable, Hashable {
        public let message: String

        public init(message: String) { self.message = message }
    }

    /// The longest time a helper gets (docker/cli sets none; a helper that waits for a locked keychain's prompt
    /// would hang a run forever).
    public static let defaultLimit: Duration = .seconds(5)

    /// Whether `name` may name a helper: `[A-Za-z0-9._-]+`, so that `docker-credential-<name>` is one file name.
    /// docker/cli puts any string after `docker-credential-` and lets `exec.LookPath` take a name with a `/` as a
    /// path; regprobe refuses those instead.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }

    /// The failure for a name `isValidName` refuses, naming the config file it came from (both escaped).
    public static func invalidName(_ name: String, configPath: String?) -> Failure {
        let place = configPath.map { " in \(TerminalText.escape($0))" } ?? ""
        let shown = TerminalText.escape(TerminalText.prefix(name, maxBytes: 100))
        return Failure(
            message: "credential helper name \"\(shown)\"\(place) is not allowed: a helper name has only "
                + "letters, digits, '.', '_' and '-' (docker-credential-NAME is looked up on PATH); nothing was run")
    }

    /// The credential for `server`, nil when the helper has none ("credentials not found"), or a failure naming
    /// the helper and what went wrong. Blocks the calling thread for up to `timeoutMilliseconds`: async code uses
    /// `CredentialResolver.lookup`, which runs helpers on a thread of their own.
    public func get(server: String) -> Result<Credential?, Failure> {
        let limit = Duration.milliseconds(timeoutMilliseconds)
        return HelperBatch.runBlocking(
            [HelperQuery(helper: name, server: server)],
            deadline: ContinuousClock.now + limit, limit: limit)[0]
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
            return .failure(
                Failure(
                    message: "credential helper \(program) failed for \(server) (exit \(exitCode))"
                        + excerpt.messageSuffix))
        case .malformed(let reason):
            return .failure(
                Failure(
                    message: "credential helper \(program) gave an answer for \(server) that is not "
                        + "the expected JSON ({\"Username\": ..., \"Secret\": ...}): \(reason)"))
        }
    }
}
