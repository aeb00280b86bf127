import Foundation
import Testing

/// Credentials from everywhere a user keeps them (issue 5), against the real token-auth registry: credential
/// helpers from testdata/credential-helpers on PATH, identity tokens (OAuth2 POST), registry tokens, containers
/// auth.json under XDG_RUNTIME_DIR, and the usernames real registries use.
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct CredentialSourcesTests {
    static let helpers: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("testdata/credential-helpers").path
    }()

    /// A temporary directory with a config.json holding `json`, removed after `body`.
    func withConfig<T>(_ json: String, _ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(json.utf8).write(to: dir.appendingPathComponent("config.json"))
        return try body(dir)
    }

    func run(_ lab: Lab, config dir: URL, _ image: String, extra: [String: String] = [:]) throws -> Run {
        var env = ["DOCKER_CONFIG": dir.path, "PATH": "\(Self.helpers):/usr/bin:/bin"]
        for (k, v) in extra { env[k] = v }
        return try RegProbeBinary.run(["-o", "json", "--ca-file", lab.ca, image], environment: env)
    }

    @Test func credHelperForTheRegistry() throws {
        let lab = try #require(Lab.shared)
        try withConfig(#"{"credHelpers": {"\#(lab.token)": "regprobe-lab"}}"#) { dir in
            let run = try run(lab, config: dir, "\(lab.token)/private/app:1.0")
            #expect(run.status() == "exists", "\(run.field("message") ?? "")")
            #expect((run.field("credentialSource") as? String)?.hasPrefix("docker-credential-regprobe-lab") == true)
        }
    }

    @Test func credsStoreWithoutAnEntryFallsBackToAnonymous() throws {
        let lab = try #require(Lab.shared)
        // The lab helper answers "not found" for hosts other than loopback; docker.io is never asked here,
        // so use a loopback registry it knows and one image that needs no credentials.
        try withConfig(#"{"credsStore": "regprobe-lab"}"#) { dir in
            let run = try run(lab, config: dir, "\(lab.token)/private/app:1.0")
            #expect(run.status() == "exists")
        }
    }

    @Test func brokenHelperIsAClearUnauthorized() throws {
        let lab = try #require(Lab.shared)
        try withConfig(#"{"credsStore": "regprobe-broken"}"#) { dir in
            let run = try run(lab, config: dir, "\(lab.token)/private/app:1.0")
            #expect(run.status() == "unauthorized")
            #expect(run.exitCode == 2)
            let message = run.field("message") as? String ?? ""
            #expect(message.contains("docker-credential-regprobe-broken") && message.contains("exit 3"), "\(message)")
            #expect(!run.stdout.contains("hunter2") && !run.stderr.contains("hunter2"))
        }
    }

    @Test func missingHelperIsAClearUnauthorized() throws {
        let lab = try #require(Lab.shared)
        try withConfig(#"{"credHelpers": {"\#(lab.token)": "regprobe-not-installed"}}"#) { dir in
            let run = try run(lab, config: dir, "\(lab.token)/public/hello:1.0")
            #expect(run.status() == "unauthorized")
            #expect(
                (run.field("message") as? String)?.contains(
                    "docker-credential-regprobe-not-installed cannot be run: not found on PATH") == true)
        }
    }

    @Test func hangingHelperIsStopped() throws {
        let lab = try #require(Lab.shared)
        try withConfig(#"{"credHelpers": {"\#(lab.token)": "regprobe-hang"}}"#) { dir in
            let started = Date()
            let run = try run(lab, config: dir, "\(lab.token)/public/hello:1.0")
            #expect(run.status() == "unauthorized")
            #expect((run.field("message") as? String)?.contains("did not answer within 5 s") == true)
            #expect(Date().timeIntervalSince(started) < 20)
        }
    }

    @Test func identityTokenFromAHelperIsExchangedByOAuth2() throws {
        let lab = try #require(Lab.shared)
        try withConfig(#"{"credHelpers": {"\#(lab.token)": "regprobe-token"}}"#) { dir in
            let run = try run(lab, config: dir, "\(lab.token)/private/app:1.0")
            #expect(run.status() == "exists", "\(run.field("message") ?? "")")
        }
    }

    @Test func identityTokenInConfigWithTheZeroGUID() throws {
        let lab = try #require(Lab.shared)
        let json =
            #"{"auths": {"\#(lab.token)": {"username": "00000000-0000-0000-0000-000000000000", "identitytoken": "rt-lab-refresh-token"}}}"#
        try withConfig(json) { dir in
            let run = try run(lab, config: dir, "\(lab.token)/private/app:1.0")
            #expect(run.status() == "exists", "\(run.field("message") ?? "")")
            let log = (try? String(contentsOfFile: lab["LAB_TOKEN_LOG"], encoding: .utf8)) ?? ""
            #expect(log.contains("POST /token 200 user=00000000-0000-0000-0000-000000000000"))
        }
    }

    @Test func wrongIdentityTokenFallsBackToGetAndIsRejected() throws {
        let lab = try #require(Lab.shared)
        let json =
            #"{"auths": {"\#(lab.token)": {"username": "00000000-0000-0000-0000-000000000000", "identitytoken": "rt-wrong"}}}"#
        try withConfig(json) { dir in
            let run = try run(lab, config: dir, "\(lab.token)/private/app:1.0")
            #expect(run.status() == "unauthorized")
            #expect(!run.stdout.contains("rt-wrong"))
        }
    }

    @Test func containersAuthJSONUnderXDGRuntimeDir() throws {
        let lab = try #require(Lab.shared)
        let auth = Data("alice:alicepw".utf8).base64EncodedString()
        // Namespace-scoped keys: the more specific one (a wrong password) loses to nothing; the right one is used.
        let json =
            #"{"auths": {"\#(lab.token)/private": {"auth": "\#(auth)"}, "\#(lab.token)": {"auth": "\#(Data("alice:wrong".utf8).base64EncodedString())"}}}"#
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-xdg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("containers"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(json.utf8).write(to: dir.appendingPathComponent("containers/auth.json"))
        let env = ["XDG_RUNTIME_DIR": dir.path]
        var run = try RegProbeBinary.run(
            ["-o", "json", "--ca-file", lab.ca, "\(lab.token)/private/app:1.0"], environment: env)
        #expect(run.status() == "exists")
        #expect((run.field("credentialSource") as? String)?.contains("\(lab.token)/private") == true)
        run = try RegProbeBinary.run(
            ["-o", "json", "--ca-file", lab.ca, "\(lab.token)/team/app:v1.3"], environment: env)
        #expect(run.status() == "unauthorized", "the bare-host key with the wrong password applies outside private/")
    }

    @Test(arguments: [
        ("robot$ci", "robotpw"),
        ("org+robot", "orgrobotpw"),
        ("_json_key", #"{"type": "service_account", "private_key": "-----BEGIN KEY-----\nabc\n-----END KEY-----\n"}"#),
        ("oauth2accesstoken", "ya29.lab-access-token"),
        ("AWS", "aws-lab-password"),
    ])
    func usernamesRealRegistriesUse(_ user: String, _ password: String) throws {
        let lab = try #require(Lab.shared)
        let run = try RegProbeBinary.run(
            ["-o", "json", "--ca-file", lab.ca, "-u", user, "--password-stdin", "\(lab.token)/private/app:1.0"],
            stdin: password)
        #expect(run.status() == "exists", "\(run.field("message") ?? "")")
        let auth = Data("\(user):\(password)".utf8).base64EncodedString()
        try withConfig(#"{"auths": {"\#(lab.token)": {"auth": "\#(auth)"}}}"#) { dir in
            let fromFile = try self.run(lab, config: dir, "\(lab.token)/private/app:1.0")
            #expect(fromFile.status() == "exists")
        }
    }
}
