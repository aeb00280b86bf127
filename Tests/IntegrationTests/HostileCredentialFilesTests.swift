import Foundation
import Testing

/// Credentials files that are not files: a FIFO, `/dev/zero`, a file over 4 MiB. Each stops the run at once with
/// exit 4 and a message saying why (never "permission denied", never a hang, never gigabytes read).
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct HostileCredentialFilesTests {
    /// A temporary directory with a FIFO (`fifo`) and a sparse 5 MiB file (`big.json`), removed after `body`.
    func withHostileFiles<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("fifo").path, 0o600) == 0)
        let fd = open(dir.appendingPathComponent("big.json").path, O_CREAT | O_WRONLY, 0o600)
        #expect(fd >= 0 && ftruncate(fd, 5 << 20) == 0)
        close(fd)
        return try body(dir)
    }

    static let fifoReason = "not a regular file but a named pipe (FIFO)"
    static let deviceReason = "not a regular file but a character device"
    static let sizeReason = "the file is 5242880 bytes, over the 4 MiB limit for a credentials file"

    /// `--authfile` and the default files (`DOCKER_CONFIG`, `REGISTRY_AUTH_FILE`), in JSON and text output.
    @Test func authfileThatIsNotARegularFileOrTooBig() throws {
        try withHostileFiles { dir in
            let fifo = dir.appendingPathComponent("fifo").path
            let big = dir.appendingPathComponent("big.json").path
            let cases: [(args: [String], env: [String: String], reason: String)] = [
                (["--authfile", fifo], [:], Self.fifoReason),
                (["--authfile", "/dev/zero"], [:], Self.deviceReason),
                (["--authfile", big], [:], Self.sizeReason),
                ([], ["REGISTRY_AUTH_FILE": fifo], Self.fifoReason),
                ([], ["REGISTRY_AUTH_FILE": "/dev/zero"], Self.deviceReason),
            ]
            for (args, env, reason) in cases {
                let started = Date()
                let run = try RegProbeBinary.run(
                    ["-o", "json"] + args + ["127.0.0.1:9/app:1"], environment: env,
                    timeout: 20)
                #expect(Date().timeIntervalSince(started) < 10, "\(args) \(env)")
                #expect(run.exitCode == 4, "\(args) \(env)")
                let error = run.errorObject
                #expect(error?["code"] as? String == "credentials-file")
                let message = error?["message"] as? String ?? ""
                #expect(message.contains(reason), "\(message)")
                #expect(!message.contains("permission denied"))
                #expect(run.stderr.contains(reason))
            }
            // A FIFO as DOCKER_CONFIG/config.json: the default file is refused the same way.
            let configDir = dir.appendingPathComponent("docker")
            try FileManager.default.createDirectory(at: configDir, withIntermediateDirectories: true)
            #expect(mkfifo(configDir.appendingPathComponent("config.json").path, 0o600) == 0)
            let run = try RegProbeBinary.run(
                ["127.0.0.1:9/app:1"], environment: ["DOCKER_CONFIG": configDir.path],
                timeout: 20)
            #expect(run.exitCode == 4)
            #expect(run.stderr.contains("config.json: \(Self.fifoReason)"), "\(run.stderr)")
        }
    }

    /// Pull-secret files (`regprobe secret FILE`, `--secret FILE`) are credentials files too.
    @Test func secretFileThatIsNotARegularFileOrTooBig() throws {
        try withHostileFiles { dir in
            let fifo = dir.appendingPathComponent("fifo").path
            let big = dir.appendingPathComponent("big.json").path
            let cases: [(args: [String], reason: String)] = [
                (["secret", fifo], Self.fifoReason),
                (["secret", "/dev/zero"], Self.deviceReason),
                (["secret", big], Self.sizeReason),
                (["--secret", fifo, "127.0.0.1:9/app:1"], Self.fifoReason),
                (["--secret", "/dev/zero", "127.0.0.1:9/app:1"], Self.deviceReason),
                (["scan", "--secret", big, "-"], Self.sizeReason),
            ]
            for (args, reason) in cases {
                let started = Date()
                let run = try RegProbeBinary.run(args, stdin: "", timeout: 20)
                #expect(Date().timeIntervalSince(started) < 10, "\(args)")
                #expect(run.exitCode == 4, "\(args): \(run.stdout) \(run.stderr)")
                #expect((run.stdout + run.stderr).contains(reason), "\(args): \(run.stdout) \(run.stderr)")
            }
        }
    }

    /// `regprobe secret -`: standard input is read up to the same 4 MiB (here from a file of 5 MiB, so that no writer
    /// is left blocked), and a Secret under the limit is still read from it.
    @Test func secretFromStandardInputIsCapped() throws {
        try withHostileFiles { dir in
            let big = dir.appendingPathComponent("big.json").path
            let run = try RegProbeBinary.runCommand(
                "/bin/sh", ["-c", #""$0" secret - < "$1""#, RegProbeBinary.path, big])
            #expect(run.exitCode == 4)
            #expect(
                run.stdout.contains("standard input is over the 4 MiB limit for a credentials file"),
                "\(run.stdout) \(run.stderr)")
            let secret = """
                apiVersion: v1
                kind: Secret
                metadata: {name: regcred}
                type: kubernetes.io/dockerconfigjson
                stringData:
                  .dockerconfigjson: '{"auths": {"127.0.0.1:9": {"username": "u", "password": "p"}}}'
                """
            let small = try RegProbeBinary.run(["secret", "-o", "json", "-"], stdin: secret, timeout: 30)
            #expect(!small.stdout.contains("limit"), "\(small.stdout)")
            #expect(small.stdout.contains("regcred"), "\(small.stdout)")
        }
    }
}
