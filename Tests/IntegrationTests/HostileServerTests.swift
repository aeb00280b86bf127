import Foundation
import Testing

/// regprobe against hostile servers (`scripts/lab/hostile.py`): a recording proxy, a plain-HTTP realm on another
/// host, downgrade redirects, escape sequences in every server string, a CR/LF token, endless headers, a manifest
/// that is not JSON. Each test asserts through the built binary on what crossed the wire (the servers' log) and on
/// the bytes printed. Every run carries a recognisable password, which must never be printed.
@Suite(
    .enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"),
    .serialized)
struct HostileServerTests {
    static let secret = "S3CR3T-HOSTILE-basic-pw"

    func endpoint(_ lab: Lab, _ mode: String) -> String { lab["LAB_HOSTILE_\(mode.uppercased())"] }

    /// The log lines of one mode written while `body` ran.
    func logged(_ lab: Lab, _ body: () throws -> Run) throws -> (Run, [String]) {
        let path = lab["LAB_HOSTILE_LOG"]
        let before = (try? String(contentsOfFile: path, encoding: .utf8))?.count ?? 0
        let run = try body()
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let added = String(text.dropFirst(before))
        return (run, added.split(separator: "\n").map(String.init))
    }

    /// With the password on stdin: nothing printed may hold it, in clear or in base64.
    func runWithPassword(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let run = try RegProbeBinary.run(
            ["--username", "hostile", "--password-stdin"] + arguments,
            stdin: Self.secret, environment: environment)
        Self.expectNoSecret(run)
        return run
    }

    static func expectNoSecret(_ run: Run) {
        let base64 = Data("hostile:\(secret)".utf8).base64EncodedString()
        for text in [run.stdout, run.stderr] {
            #expect(
                !text.contains(secret) && !text.contains(base64) && !text.contains("S3CR3T"),
                "a secret was printed: \(text)")
        }
    }

    /// No byte that drives a terminal: ESC, BEL, CR, or other C0 controls but the newline.
    static func expectTerminalSafe(_ text: String, _ label: String) {
        let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(bad.isEmpty, "\(label) carries control characters \(bad.map { String($0.value, radix: 16) }): \(text)")
    }

    @Test func loopbackIsNeverProxied() throws {
        let lab = try #require(Lab.shared)
        let proxy = "http://\(endpoint(lab, "proxy"))"
        let basic = endpoint(lab, "basic")
        let port = basic.split(separator: ":").last.map(String.init) ?? ""
        let env = [
            "http_proxy": proxy, "HTTP_PROXY": proxy, "https_proxy": proxy, "HTTPS_PROXY": proxy,
            "ALL_PROXY": proxy, "all_proxy": proxy,
        ]
        let (run, lines) = try logged(lab) {
            try runWithPassword(
                ["-o", "json", "\(basic)/team/app:1", "localhost:\(port)/team/app:2"], environment: env)
        }
        #expect(run.exitCode == 0, "\(run.stdout) \(run.stderr)")
        #expect(run.status(0) == "exists" && run.status(1) == "exists")
        #expect(!lines.contains { $0.hasPrefix("proxy ") }, "the proxy saw: \(lines)")
        #expect(lines.contains { $0.hasPrefix("basic HEAD /v2/team/app/manifests/1 200 auth=yes") }, "\(lines)")
    }

    @Test func plainRealmOnAnotherHostIsRefused() throws {
        let lab = try #require(Lab.shared)
        let (run, lines) = try logged(lab) {
            try runWithPassword(["-o", "json", "\(endpoint(lab, "remoterealm"))/team/app:1"])
        }
        #expect(run.status() == "server-error")
        #expect(run.exitCode == 3)
        #expect(run.field("reason") as? String == "plain-http-realm-refused")
        let message = run.field("message") as? String ?? ""
        #expect(message.contains("plain-HTTP token server on another host"), "\(message)")
        // The next step, a flag, is the CLI's hint.
        #expect((run.field("hint") as? String ?? "").contains("--plain-http"))
        // Only the ping crossed the wire: no token request was attempted anywhere.
        #expect(lines == lines.filter { $0.hasPrefix("remoterealm GET /v2/ 401") } && lines.count == 1, "\(lines)")
    }

    @Test func httpsToHTTPRedirectIsRefused() throws {
        let lab = try #require(Lab.shared)
        let (run, lines) = try logged(lab) {
            try runWithPassword(["-v", "--ca-file", lab.ca, "\(endpoint(lab, "downgrade"))/team/app:1"])
        }
        #expect(run.exitCode == 3)
        #expect(run.stdout.contains("server-error") && run.stdout.contains("redirected to plain HTTP"), "\(run.stdout)")
        #expect(!lines.contains { $0.hasPrefix("sink ") }, "the plain-HTTP target was reached: \(lines)")
        #expect(lines.contains { $0.hasPrefix("downgrade HEAD /v2/team/app/manifests/1 307") }, "\(lines)")
        // -v shows the hop and where it pointed, without the signature in its query.
        #expect(run.stderr.contains("-> 307 Location: http://127.0.0.1:"), "\(run.stderr)")
        #expect(!run.stderr.contains("S3CR3T-SIG") && !run.stdout.contains("S3CR3T-SIG"))
    }

    @Test func everyRedirectHopIsShownAndCounted() throws {
        let lab = try #require(Lab.shared)
        let redirect = endpoint(lab, "redirect")
        let sink = endpoint(lab, "sink")
        let (run, lines) = try logged(lab) { try RegProbeBinary.run(["-v", "\(redirect)/team/app:1"]) }
        #expect(run.exitCode == 0, "\(run.stdout) \(run.stderr)")
        #expect(lines.contains { $0.hasPrefix("sink HEAD /v2/team/app/manifests/1?sig=S3CR3T-SIG 200") }, "\(lines)")
        #expect(run.stderr.contains("HEAD http://\(redirect)/v2/team/app/manifests/1 -> 307"), "\(run.stderr)")
        #expect(run.stderr.contains("HEAD http://\(sink)/v2/team/app/manifests/1?… -> 200"), "\(run.stderr)")
        #expect(run.stderr.contains("requests: 3 (\(redirect) 2, \(sink) 1)"), "\(run.stderr)")
        #expect(!run.stderr.contains("S3CR3T-SIG"))
    }

    @Test func serverStringsAreEscapedAndCapped() throws {
        let lab = try #require(Lab.shared)
        let images = ["escapes", "challenges", "tokenerror"].map { "\(endpoint(lab, $0))/team/app:1" }
        let run = try runWithPassword(images, environment: ["NO_COLOR": "1"])
        #expect(run.exitCode != 0)
        Self.expectTerminalSafe(run.stdout, "stdout")
        Self.expectTerminalSafe(run.stderr, "stderr")
        // The forged verdict stays inside its message: no line of output starts with it.
        #expect(!run.stdout.split(separator: "\n").contains { $0.hasPrefix("✓") }, "\(run.stdout)")
        #expect(run.stdout.contains(#"access denied \x1B]0;pwned\x07"#), "\(run.stdout)")
        #expect(run.stdout.contains("Invalid username/password."), "the token server's own words: \(run.stdout)")
        #expect(run.stdout.contains("(offered: evil0, evil1, evil2, evil3, evil4, and 35 more)"), "\(run.stdout)")
        let warnings = run.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(
            warnings.count == 6 && warnings.last?.hasSuffix("more warnings (-o json lists them)") == true,
            "\(warnings)")

        // JSON keeps the server's words whole (escaped by JSON's own rules).
        let json = try RegProbeBinary.run(["-o", "json", images[0]])
        Self.expectTerminalSafe(json.stdout, "JSON")
        #expect((json.field("message") as? String)?.contains("\u{1B}]0;pwned\u{07}") == true)
        #expect((json.field("warnings") as? [String])?.count == 20)
    }

    @Test func manifestNamesAreEscapedInScan() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pod.yaml")
        try Data(
            #"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: "evil\e]0;pwned\a\e[2J\r\n✓ forged  pulls"
              namespace: "ns\e[1A"
            spec:
              containers:
              - name: "c\e[31m"
                image: "bad\e]0;x\aimage"
            """#.utf8
        ).write(to: file)
        let run = try RegProbeBinary.run(["scan", file.path], environment: ["NO_COLOR": "1"])
        Self.expectTerminalSafe(run.stdout, "stdout")
        Self.expectTerminalSafe(run.stderr, "stderr")
        #expect(run.stdout.contains(#"evil\x1B]0;pwned\x07"#), "\(run.stdout)")
        #expect(!run.stdout.split(separator: "\n").contains { $0.hasPrefix("✓") }, "\(run.stdout)")
    }

    @Test func tokenWithLineBreaksIsNeverSent() throws {
        let lab = try #require(Lab.shared)
        let (run, lines) = try logged(lab) {
            try RegProbeBinary.run(["-o", "json", "\(endpoint(lab, "crlftoken"))/team/app:1"])
        }
        #expect(run.status() == "server-error")
        #expect(run.field("reason") as? String == "unsafe-token")
        #expect((run.field("message") as? String)?.contains("token with control characters") == true)
        #expect(!lines.contains { $0.contains("/manifests/") }, "a manifest request went out: \(lines)")
        #expect(!lines.contains { $0.contains("X-Injected") }, "\(lines)")
    }

    @Test func registryTokenWithLineBreaksInAConfigIsRefused() throws {
        let lab = try #require(Lab.shared)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let basic = endpoint(lab, "basic")
        let config = #"{"auths": {"\#(basic)": {"registrytoken": "S3CR3T-tok\r\nX-Injected: yes"}}}"#
        try Data(config.utf8).write(to: dir.appendingPathComponent("config.json"))
        let (run, lines) = try logged(lab) {
            try RegProbeBinary.run(["-o", "json", "\(basic)/team/app:1"], environment: ["DOCKER_CONFIG": dir.path])
        }
        Self.expectNoSecret(run)
        #expect(run.status() == "unauthorized")
        #expect((run.field("message") as? String)?.contains("contains a control character") == true)
        #expect(!lines.contains { $0.contains("auth=yes") || $0.contains("X-Injected") }, "\(lines)")
    }

    @Test func endlessHeadersAreAServerErrorNotRetried() throws {
        let lab = try #require(Lab.shared)
        let (run, lines) = try logged(lab) {
            try RegProbeBinary.run(["-o", "json", "\(endpoint(lab, "endless"))/team/app:1"])
        }
        #expect(run.status() == "server-error", "\(run.stdout)")
        #expect(run.exitCode == 3)
        #expect(run.field("reason") as? String == "headers-too-large")
        #expect((run.field("message") as? String)?.contains("Too large response headers") == true)
        #expect(lines.filter { $0.hasPrefix("endless HEAD") }.count == 1, "retried: \(lines)")
    }

    @Test func manifestThatIsNotJSONIsAServerError() throws {
        let lab = try #require(Lab.shared)
        let run = try RegProbeBinary.run(["-o", "json", "\(endpoint(lab, "notjson"))/team/app:1"])
        #expect(run.status() == "server-error", "\(run.stdout)")
        #expect((run.field("message") as? String)?.contains("that is not JSON") == true)
    }
}
