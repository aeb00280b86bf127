import Foundation
import Testing

/// Credential helpers written by an attacker (testdata/credential-helpers), through the built binary: each ends in
/// `unauthorized` with a clear message, promptly, without showing a secret or a control character; helpers for
/// several registries run at once; a helper name is never a path, and the working directory never supplies one.
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct HostileCredentialHelpersTests {
    static let helpers = CredentialSourcesTests.helpers
    static let workdir = helpers + "/workdir"

    func withConfig<T>(_ json: String, _ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(json.utf8).write(to: dir.appendingPathComponent("config.json"))
        return try body(dir)
    }

    @Test(arguments: [
        ("regprobe-close-and-sleep", "closed its output but did not exit within 5 s"),
        ("regprobe-flood", "wrote more than 64 KiB"),
        ("regprobe-setsid", "failed for LAB (exit 1): cannot reach the keychain daemon"),
        ("regprobe-leak", #"failed for LAB (exit 1): keychain is locked: \x1B[31munlock it\x1B[0m (4 other lines"#),
        ("regprobe-leak-json", "failed for LAB (exit 1); its output is not shown (it may hold a credential)"),
        ("regprobe-hang", "did not answer within 5 s"),
    ])
    func hostileHelperEndsInUnauthorized(_ helper: String, _ expected: String) throws {
        let lab = try #require(Lab.shared)
        try withConfig(#"{"credHelpers": {"\#(lab.token)": "\#(helper)"}}"#) { dir in
            let env = ["DOCKER_CONFIG": dir.path, "PATH": "\(Self.helpers):/usr/bin:/bin"]
            for format in ["json", "text"] {
                let started = Date()
                let run = try RegProbeBinary.run(
                    ["-o", format, "--ca-file", lab.ca, "\(lab.token)/private/app:1.0"],
                    environment: env, timeout: 30)
                let elapsed = Date().timeIntervalSince(started)
                #expect(elapsed < 12, "\(helper): \(elapsed) s")
                #expect(run.exitCode == 2, "\(helper)")
                let message = expected.replacingOccurrences(of: "LAB", with: lab.token)
                if format == "json" {
                    #expect(run.status() == "unauthorized", "\(helper)")
                    let said = run.field("message") as? String ?? ""
                    #expect(said.hasPrefix("credential helper docker-credential-\(helper) "), "\(said)")
                    #expect(said.contains(message), "\(said)")
                } else {
                    #expect(run.stdout.contains("unauthorized") && run.stdout.contains(message), "\(run.stdout)")
                }
                for text in [run.stdout, run.stderr] {
                    #expect(!text.contains("S3CR3T") && !text.contains("LEAK"), "\(helper): a secret was shown")
                    #expect(!text.contains("\u{1B}"), "\(helper): a raw escape character was shown")
                }
            }
        }
    }

    /// Five helpers that hang, for five registries, under --timeout 3: they run at once, so the run takes about
    /// 3 s (one after the other: 15 s), and each is stopped at min(5 s, --timeout).
    @Test func hangingHelpersRunConcurrentlyWithinTheTimeout() throws {
        try withConfig(#"{"credsStore": "regprobe-hang"}"#) { dir in
            let images = (1...5).map { "127.0.0.\($0):9/app:1" }
            let started = Date()
            let env = ["DOCKER_CONFIG": dir.path, "PATH": "\(Self.helpers):/usr/bin:/bin"]
            let run = try RegProbeBinary.run(["-o", "json", "--timeout", "3"] + images, environment: env, timeout: 60)
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed < 10, "took \(elapsed) s")
            #expect(run.exitCode == 2)
            for index in 0..<5 {
                #expect(run.status(index) == "unauthorized")
                #expect(
                    run.field("message", index) as? String == "credential helper docker-credential-regprobe-hang "
                        + "did not answer within 3 s for 127.0.0.\(index + 1):9 and was stopped")
            }
        }
    }

    /// `credsStore: "x/evil"` with `./docker-credential-x/evil` in the working directory, and a helper that only a
    /// relative PATH entry ("." and an empty entry) would find: neither runs (each would leave a marker file).
    @Test func helperNamesAreNotPathsAndTheWorkingDirectoryIsNotSearched() throws {
        let marker = FileManager.default.temporaryDirectory
            .appendingPathComponent("regprobe-marker-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let env = [
            "DOCKER_CONFIG": Self.workdir, "PATH": "\(Self.helpers):.::/usr/bin:/bin", "REGPROBE_MARKER": marker,
        ]
        let run = try RegProbeBinary.run(
            ["-o", "json", "127.0.0.1:8/app:1", "127.0.0.1:9/app:1"], environment: env,
            timeout: 30, directory: Self.workdir)
        #expect(!FileManager.default.fileExists(atPath: marker), "a helper from the working directory ran")
        #expect(run.exitCode == 2)
        #expect(run.status(0) == "unauthorized" && run.status(1) == "unauthorized")
        #expect(
            run.field("message", 0) as? String
                == #"credential helper name "x/evil" in \#(Self.workdir)/config.json is not allowed: a helper name has "#
                + "only letters, digits, '.', '_' and '-' (docker-credential-NAME is looked up on PATH); nothing was run"
        )
        let second = run.field("message", 1) as? String ?? ""
        #expect(
            second.hasPrefix(
                "credential helper docker-credential-regprobe-cwd-only cannot be run: not found on "
                    + #"PATH (relative PATH entries such as "." are not searched)"#), "\(second)")
    }

    /// Each (helper, server) is asked once per run, however many images need it.
    @Test func eachHelperAndServerIsAskedOnce() throws {
        let lab = try #require(Lab.shared)
        let log = FileManager.default.temporaryDirectory
            .appendingPathComponent("regprobe-helper-log-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        try withConfig(#"{"credsStore": "regprobe-lab"}"#) { dir in
            let env = ["DOCKER_CONFIG": dir.path, "PATH": "\(Self.helpers):/usr/bin:/bin", "REGPROBE_HELPER_LOG": log]
            let images = [
                "\(lab.token)/private/app:1.0", "\(lab.token)/private/app:1.0",
                "\(lab.token)/team/app:v1.3", "\(lab.open)/team/app:v1.3", "\(lab.open)/team/app:nope",
            ]
            let run = try RegProbeBinary.run(
                ["-o", "json", "--ca-file", lab.ca] + images, environment: env,
                timeout: 60)
            #expect(run.status(0) == "exists", "\(run.field("message") ?? "")")
            #expect(run.status(3) == "exists")
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let asked = text.split(separator: "\n").map(String.init)
            #expect(asked.sorted() == [lab.open, lab.token].sorted(), "\(asked)")
        }
    }
}
