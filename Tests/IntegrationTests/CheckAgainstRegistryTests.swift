import Foundation
import Testing

/// Every verdict a real registry can produce, asserted through the built `regprobe` binary (exit code and JSON)
/// against Debian's docker-registry (distribution 2.8.2) started by scripts/lab/lab.sh:
/// open over HTTP, htpasswd Basic over TLS, token auth over TLS with our token server.
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct CheckAgainstRegistryTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: @Sendable (Lab) -> [String]
        var stdin: String? = nil
        var environment: @Sendable (Lab) -> [String: String] = { _ in [:] }
        let status: String
        let exitCode: Int32
        /// The seed entry whose digest must come back, for `exists`.
        var digestOf: String? = nil
        var mediaType: String? = nil
        /// A part of the message that must be there.
        var message: String? = nil
        var credentialSource: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // (a) open registry over plain HTTP: content negotiation gives each manifest its own digest.
        Case(
            name: "open: docker v2 manifest exists", arguments: { ["\($0.open)/public/hello:1.0"] },
            status: "exists", exitCode: 0, digestOf: "public/hello:1.0",
            mediaType: "application/vnd.docker.distribution.manifest.v2+json", credentialSource: "anonymous"),
        Case(
            name: "open: OCI manifest exists", arguments: { ["\($0.open)/public/hello:oci"] },
            status: "exists", exitCode: 0, digestOf: "public/hello:oci",
            mediaType: "application/vnd.oci.image.manifest.v1+json"),
        Case(
            name: "open: docker manifest list is not rewritten", arguments: { ["\($0.open)/public/multi:1.0"] },
            status: "exists", exitCode: 0, digestOf: "public/multi:1.0",
            mediaType: "application/vnd.docker.distribution.manifest.list.v2+json"),
        Case(
            name: "open: OCI index exists", arguments: { ["\($0.open)/public/multi:oci"] },
            status: "exists", exitCode: 0, digestOf: "public/multi:oci",
            mediaType: "application/vnd.oci.image.index.v1+json"),
        Case(
            name: "open: nested repository", arguments: { ["\($0.open)/team/sub/deep/app:1"] },
            status: "exists", exitCode: 0, digestOf: "team/sub/deep/app:1"),
        Case(
            name: "open: by digest", arguments: { ["\($0.open)/public/hello@\($0.digest("public/hello:oci"))"] },
            status: "exists", exitCode: 0, digestOf: "public/hello:oci"),
        Case(
            name: "open: tag and digest together",
            arguments: { ["\($0.open)/team/app:v1.3@\($0.digest("team/app:v1.3"))"] },
            status: "exists", exitCode: 0, digestOf: "team/app:v1.3"),
        Case(
            name: "open: subcommand form", arguments: { ["check", "\($0.open)/team/app:2"] },
            status: "exists", exitCode: 0, digestOf: "team/app:2"),
        Case(
            name: "open: missing tag", arguments: { ["\($0.open)/public/hello:no-such-tag"] },
            status: "not-found", exitCode: 1, message: "not found"),
        Case(
            name: "open: missing repository", arguments: { ["\($0.open)/public/never-pushed:1"] },
            status: "not-found", exitCode: 1),
        Case(
            name: "open: missing digest",
            arguments: { ["\($0.open)/team/app@sha256:" + String(repeating: "0", count: 64)] },
            status: "not-found", exitCode: 1),
        Case(
            name: "invalid reference: uppercase", arguments: { ["\($0.open)/Team/App:1"] },
            status: "invalid-reference", exitCode: 4, message: "lowercase"),

        // --platform against the real registry: indexes are read, single manifests' configs are read.
        Case(
            name: "platform: docker list has linux/arm64",
            arguments: { ["--platform", "linux/arm64", "\($0.open)/public/multi:1.0"] },
            status: "exists", exitCode: 0, digestOf: "public/multi:1.0"),
        Case(
            name: "platform: OCI index lacks linux/arm/v7",
            arguments: { ["--platform", "linux/arm/v7", "\($0.open)/public/multi:oci"] },
            status: "platform-missing", exitCode: 1, digestOf: "public/multi:oci",
            message: "it has: linux/amd64, linux/arm64"),
        Case(
            name: "platform: single manifest's config is amd64",
            arguments: { ["--platform", "linux/amd64", "\($0.open)/public/hello:oci"] },
            status: "exists", exitCode: 0),
        Case(
            name: "platform: single manifest is not arm64",
            arguments: { ["--platform", "linux/arm64", "\($0.token)/public/hello:1.0", "--ca-file", $0.ca] },
            status: "platform-missing", exitCode: 1, message: "it has: linux/amd64"),

        // (b) htpasswd Basic over TLS with the lab's CA.
        Case(
            name: "basic: anonymous is unauthorized",
            arguments: { ["--ca-file", $0.ca, "\($0.basic)/private/app:1.0"] },
            status: "unauthorized", exitCode: 2, message: "requires credentials"),
        Case(
            name: "basic: alice may pull",
            arguments: { ["--ca-file", $0.ca, "-u", "alice", "--password-stdin", "\($0.basic)/private/app:1.0"] },
            stdin: "alicepw\n", status: "exists", exitCode: 0, digestOf: "private/app:1.0", credentialSource: "flags"),
        Case(
            name: "basic: wrong password",
            arguments: { ["--ca-file", $0.ca, "-u", "alice", "--password-stdin", "\($0.basic)/private/app:1.0"] },
            stdin: "not-the-password\n", status: "unauthorized", exitCode: 2,
            message: "rejected the credentials of user \"alice\""),
        Case(
            name: "basic: credentials from the environment",
            arguments: { ["--ca-file", $0.ca, "\($0.basic)/team/app:v1.3"] },
            environment: { _ in ["REGPROBE_USERNAME": "alice", "REGPROBE_PASSWORD": "alicepw"] },
            status: "exists", exitCode: 0, digestOf: "team/app:v1.3", credentialSource: "env"),
        Case(
            name: "basic: unknown CA is a TLS error", arguments: { ["\($0.basic)/private/app:1.0"] },
            status: "tls-error", exitCode: 3, message: "certificate"),
        Case(
            name: "basic: --insecure skips verification",
            arguments: { ["--insecure", "-u", "alice", "--password-stdin", "\($0.basic)/public/hello:1.0"] },
            stdin: "alicepw", status: "exists", exitCode: 0, digestOf: "public/hello:1.0"),

        // (c) token auth over TLS: our token server, RS256 JWTs, per-repository ACL.
        Case(
            name: "token: anonymous pull of a public repository",
            arguments: { ["--ca-file", $0.ca, "\($0.token)/public/multi:oci"] },
            status: "exists", exitCode: 0, digestOf: "public/multi:oci"),
        Case(
            name: "token: anonymous pull of a private repository",
            arguments: { ["--ca-file", $0.ca, "\($0.token)/private/app:1.0"] },
            status: "unauthorized", exitCode: 2),
        Case(
            name: "token: alice may pull private",
            arguments: { ["--ca-file", $0.ca, "-u", "alice", "--password-stdin", "\($0.token)/private/app:1.0"] },
            stdin: "alicepw\n", status: "exists", exitCode: 0, digestOf: "private/app:1.0"),
        Case(
            name: "token: bob is denied private",
            arguments: { ["--ca-file", $0.ca, "-u", "bob", "--password-stdin", "\($0.token)/private/app:1.0"] },
            stdin: "bobpw\n", status: "denied", exitCode: 2, message: "no pull access"),
        Case(
            name: "token: bob may pull team",
            arguments: { ["--ca-file", $0.ca, "-u", "bob", "--password-stdin", "\($0.token)/team/sub/deep/app:1"] },
            stdin: "bobpw\n", status: "exists", exitCode: 0, digestOf: "team/sub/deep/app:1"),
        Case(
            name: "token: wrong password is rejected by the token server",
            arguments: { ["--ca-file", $0.ca, "-u", "alice", "--password-stdin", "\($0.token)/public/hello:1.0"] },
            stdin: "nope\n", status: "unauthorized", exitCode: 2, message: "token server"),
        Case(
            name: "token: missing tag with valid credentials",
            arguments: { ["--ca-file", $0.ca, "-u", "alice", "--password-stdin", "\($0.token)/private/app:2.0"] },
            stdin: "alicepw\n", status: "not-found", exitCode: 1),

        // The fixture: what the real registry cannot be made to do.
        Case(
            name: "fixture: 429 with rate-limit headers", arguments: { ["\($0.fixture)/ratelimited/app:1"] },
            status: "rate-limited", exitCode: 3, message: "rate-limiting"),
        Case(name: "fixture: 500", arguments: { ["\($0.fixture)/broken/app:1"] }, status: "server-error", exitCode: 3),
        Case(
            name: "fixture: 503", arguments: { ["\($0.fixture)/unavailable/app:1"] }, status: "server-error",
            exitCode: 3),
        Case(
            name: "fixture: HEAD 405 falls back to GET", arguments: { ["\($0.fixture)/nohead/app:1"] },
            status: "exists", exitCode: 0),
        Case(
            name: "fixture: HEAD without digest falls back to GET", arguments: { ["\($0.fixture)/nodigest/app:1"] },
            status: "exists", exitCode: 0),
        Case(
            name: "fixture: body that does not match its digest",
            arguments: { ["\($0.fixture)/mismatch/app@sha256:" + String(repeating: "b", count: 64)] },
            status: "server-error", exitCode: 3, message: "different manifest"),
        Case(
            name: "fixture: HTML with 200 is not a manifest", arguments: { ["\($0.fixture)/html/app:1"] },
            status: "server-error", exitCode: 3, message: "not an image manifest"),
        Case(
            name: "fixture: slow answer hits --timeout", arguments: { ["--timeout", "1", "\($0.fixture)/slow/app:1"] },
            status: "network-error", exitCode: 3, message: "timed out"),
        Case(
            name: "fixture: access_token-only token server", arguments: { ["\($0.fixtureToken)/tokened/app:1"] },
            status: "exists", exitCode: 0),
        Case(
            name: "fixture: odd header case", arguments: { ["\($0.fixture)/oddheaders/app:1"] },
            status: "exists", exitCode: 0),
        // Quirks (issue 5): retries, warnings, rate-limit headers on success, error text after a HEAD refusal,
        // hostile answers. flaky/brief429 count requests per tag, so each run uses a fresh tag.
        Case(
            name: "fixture: 503 twice then 200 is retried",
            arguments: { ["\($0.fixture)/flaky/app:t\(UInt32.random(in: 0...UInt32.max))"] },
            status: "exists", exitCode: 0),
        Case(
            name: "fixture: 503 twice with --retries 1 stays an error",
            arguments: { ["--retries", "1", "\($0.fixture)/flaky/app:t\(UInt32.random(in: 0...UInt32.max))"] },
            status: "server-error", exitCode: 3, message: "HTTP 503"),
        Case(
            name: "fixture: 429 with Retry-After 1 is waited out",
            arguments: { ["\($0.fixture)/brief429/app:t\(UInt32.random(in: 0...UInt32.max))"] },
            status: "exists", exitCode: 0),
        Case(
            name: "fixture: 429 with Retry-After 30 is not waited for",
            arguments: { ["--timeout", "60", "\($0.fixture)/ratelimited/app:1"] },
            status: "rate-limited", exitCode: 3, message: "rate-limiting"),
        Case(
            name: "fixture: 403 after HEAD quotes the registry's GET text",
            arguments: { ["\($0.fixture)/deniedtext/app:1"] },
            status: "denied", exitCode: 2, message: "blocked by org policy"),
        Case(
            name: "fixture: a 200 KiB header line", arguments: { ["\($0.fixture)/hugeheader/app:1"] },
            status: "server-error", exitCode: 3, message: "could not be read"),
        Case(
            name: "fixture: a 5 MiB manifest", arguments: { ["\($0.fixture)/hugebody/app:1"] },
            status: "server-error", exitCode: 3, message: "larger than 4 MiB"),
        Case(
            name: "fixture: a redirect loop ends", arguments: { ["\($0.fixture)/redirectloop/app:1"] },
            status: "network-error", exitCode: 3, message: "too many redirects"),
        Case(
            name: "fixture: octet-stream is not a manifest", arguments: { ["\($0.fixture)/octet/app:1"] },
            status: "server-error", exitCode: 3, message: "not an image manifest"),
        Case(
            name: "fixture: schema1 exists, with a note", arguments: { ["\($0.fixture)/schema1/app:1"] },
            status: "exists", exitCode: 0, mediaType: "application/vnd.docker.distribution.manifest.v1+prettyjws"),
        Case(
            name: "connection refused", arguments: { _ in ["127.0.0.1:9/app:1"] },
            status: "network-error", exitCode: 3, message: "curl error 7"),
    ]

    @Test(arguments: cases)
    func verdict(_ c: Case) throws {
        let lab = try #require(Lab.shared, "the lab is not running (REGPROBE_LAB_ENV)")
        let run = try RegProbeBinary.run(
            c.arguments(lab) + ["-o", "json"], stdin: c.stdin, environment: c.environment(lab))
        #expect(run.results.count == 1, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.status() == c.status, "message: \(run.field("message") ?? "none")")
        #expect(run.exitCode == c.exitCode)
        if let key = c.digestOf {
            #expect(run.field("digest") as? String == lab.digest(key))
        }
        if let mediaType = c.mediaType {
            #expect(run.field("mediaType") as? String == mediaType)
        }
        if let part = c.message {
            let message = run.field("message") as? String ?? ""
            #expect(message.contains(part), "message: \(message)")
        }
        if let source = c.credentialSource {
            #expect(run.field("credentialSource") as? String == source)
        }
        if c.status != "exists" {
            #expect(run.field("hint") as? String != nil, "every failure carries a hint")
        }
    }

    /// The real token registry answers a repository that does not exist as it answers a private one: anonymous
    /// requests get 401, bob (no rights on `private/*`) a token without pull. Both messages say it may not exist.
    @Test func refusalsSayTheRepositoryMayNotExist() throws {
        let lab = try #require(Lab.shared)
        let image = "\(lab.token)/private/does-not-exist:1"
        let anonymous = try RegProbeBinary.run(["-o", "json", "--ca-file", lab.ca, image])
        #expect(anonymous.status() == "unauthorized")
        #expect(anonymous.field("reason") as? String == "anonymous-refused")
        #expect((anonymous.field("message") as? String)?.contains("so it may also not exist") == true)
        #expect((anonymous.field("hint") as? String)?.contains("check that") == true)
        let bob = try RegProbeBinary.run(
            ["-o", "json", "-u", "bob", "--password-stdin", "--ca-file", lab.ca, image],
            stdin: "bobpw")
        #expect(bob.status() == "denied")
        #expect(bob.field("reason") as? String == "token-lacks-pull")
        #expect((bob.field("message") as? String)?.contains("so it may also not exist") == true)
    }
}
