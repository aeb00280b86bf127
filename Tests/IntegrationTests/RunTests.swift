import Foundation
import Testing

/// Whole-run behaviour of the binary: several images, exit-code precedence, text output, credentials files,
/// and that no secret ever reaches the output.
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct RunTests {
    @Test func labIsThere() throws {
        #expect(Lab.available, "scripts/test starts the lab; REGPROBE_LAB_ENV must point to its lab.env")
    }

    @Test func severalImagesOneLineEachInOrder() throws {
        let lab = try #require(Lab.shared)
        let images = ["\(lab.open)/public/hello:1.0", "\(lab.open)/public/nope:1", "\(lab.open)/team/app:v1.3"]
        let run = try RegProbeBinary.run(images)
        let lines = run.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(lines.count == 3)
        #expect(lines[0].contains(images[0]) && lines[0].contains("exists"))
        #expect(lines[1].contains(images[1]) && lines[1].contains("not-found"))
        #expect(lines[2].contains(images[2]) && lines[2].contains("exists"))
        #expect(run.stdout.contains("hint:"), "a failure has a hint line")
        #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        #expect(run.exitCode == 1)
    }

    @Test func exitCodePrecedence() throws {
        let lab = try #require(Lab.shared)
        // not-found (1) and unauthorized (2): 2 wins.
        var run = try RegProbeBinary.run([
            "--ca-file", lab.ca, "\(lab.open)/public/nope:1", "\(lab.basic)/private/app:1.0",
        ])
        #expect(run.exitCode == 2)
        // ... and an invalid reference (4) wins over all.
        run = try RegProbeBinary.run([
            "--ca-file", lab.ca, "\(lab.open)/public/nope:1", "\(lab.basic)/private/app:1.0", "UPPER/case",
        ])
        #expect(run.exitCode == 4)
        // network (3) alone.
        run = try RegProbeBinary.run(["127.0.0.1:9/a:1"])
        #expect(run.exitCode == 3)
        // usage error: argument-parser's 64.
        run = try RegProbeBinary.run(["--jobs", "0", "x"])
        #expect(run.exitCode == 64)
        // a hosts directory that is not there is refused, not taken for an empty one.
        run = try RegProbeBinary.run(["--hosts-dir", "/nonexistent/certs.d", "x"])
        #expect(run.exitCode == 64 && run.stderr.contains("--hosts-dir /nonexistent/certs.d: not a readable directory"))
    }

    @Test func authfileCredentialsAndSource() throws {
        let lab = try #require(Lab.shared)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-authfile-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.json")
        let auth = Data("alice:alicepw".utf8).base64EncodedString()
        try Data(#"{"auths": {"https://\#(lab.token)/v1/": {"auth": "\#(auth)"}}}"#.utf8).write(to: file)

        var run = try RegProbeBinary.run([
            "-o", "json", "--ca-file", lab.ca, "--authfile", file.path, "\(lab.token)/private/app:1.0",
        ])
        #expect(run.status() == "exists")
        #expect((run.field("credentialSource") as? String)?.contains(file.path) == true)

        // The same file found through DOCKER_CONFIG.
        run = try RegProbeBinary.run(
            ["-o", "json", "--ca-file", lab.ca, "\(lab.token)/private/app:1.0"],
            environment: ["DOCKER_CONFIG": dir.path])
        #expect(run.status() == "exists")
        // --anonymous overrides it.
        run = try RegProbeBinary.run(
            ["-o", "json", "--anonymous", "--ca-file", lab.ca, "\(lab.token)/private/app:1.0"],
            environment: ["DOCKER_CONFIG": dir.path])
        #expect(run.status() == "unauthorized")
        #expect(run.field("credentialSource") as? String == "anonymous")
    }

    @Test func brokenCredentialsFileStopsBeforeAnyRequest() throws {
        let lab = try #require(Lab.shared)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-broken-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.json")
        try Data(#"{"auths": {"\#(lab.fixture)": {"auth": "%%%not-base64-s3cret%%%"}}}"#.utf8).write(to: file)
        let tag = "never-asked-\(UInt32.random(in: 0...UInt32.max))"

        var run = try RegProbeBinary.run(["-o", "json", "--authfile", file.path, "\(lab.fixture)/nohead/app:\(tag)"])
        #expect(run.exitCode == 4)
        #expect(run.results.isEmpty)
        let error = try #require(run.errorObject, "stdout: \(run.stdout)")
        #expect(error["code"] as? String == "credentials-file")
        #expect((error["message"] as? String)?.contains(file.path) == true)
        #expect(run.stderr.contains(file.path))
        #expect(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"))
        let log = (try? String(contentsOfFile: lab["LAB_FIXTURE_LOG"], encoding: .utf8)) ?? ""
        #expect(!log.contains(tag), "no request was sent")

        // A missing --authfile is an error too; text mode prints one line on stderr and nothing on stdout.
        run = try RegProbeBinary.run([
            "--authfile", dir.appendingPathComponent("absent.json").path, "\(lab.fixture)/nohead/app:1",
        ])
        #expect(run.exitCode == 4)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("absent.json"))
    }

    @Test func noSecretInAnyOutput() throws {
        let lab = try #require(Lab.shared)
        let password = "alicepw"
        let basic = Data("alice:\(password)".utf8).base64EncodedString()
        for format in ["text", "json"] {
            let run = try RegProbeBinary.run(
                [
                    "-v", "-o", format, "--ca-file", lab.ca, "-u", "alice", "--password-stdin",
                    "\(lab.token)/private/app:1.0", "\(lab.basic)/private/app:1.0", "\(lab.token)/private/app:nope",
                ],
                stdin: password)
            for text in [run.stdout, run.stderr] {
                #expect(!text.contains(password))
                #expect(!text.contains(basic))
                #expect(!text.contains("eyJ"), "no JWT in the output")
                #expect(!text.lowercased().contains("authorization:"))
            }
            #expect(
                run.stderr.contains("HEAD https://\(lab.token)/v2/private/app/manifests/1.0 -> 200"),
                "-v shows the requests")
        }
    }

    @Test func insecureWarnsOnStderr() throws {
        let lab = try #require(Lab.shared)
        let run = try RegProbeBinary.run(["--insecure", "\(lab.token)/public/hello:1.0"])
        #expect(run.exitCode == 0)
        #expect(run.stderr.contains("warning: --insecure"))
    }

    @Test func onePingAndOneTokenForSeveralTagsOfOneRepository() throws {
        let lab = try #require(Lab.shared)
        // Counted from this process's own -v lines: other tests use the same servers concurrently.
        let run = try RegProbeBinary.run([
            "-v", "--ca-file", lab.ca, "\(lab.token)/public/hello:1.0", "\(lab.token)/public/hello:oci",
        ])
        #expect(run.exitCode == 0)
        let lines = run.stderr.split(separator: "\n")
        // A loopback registry is asked over plain HTTP first; this one is TLS and refuses that with 400.
        #expect(
            lines.filter { $0.hasPrefix("GET http://\(lab.token)/v2/ -> 400") }.count == 1,
            "one plain probe: \(run.stderr)")
        #expect(lines.filter { $0.hasPrefix("GET https://\(lab.token)/v2/ -> ") }.count == 1, "one ping: \(run.stderr)")
        #expect(lines.filter { $0.contains("/token?") }.count == 1, "one token for one scope: \(run.stderr)")
        #expect(lines.filter { $0.hasPrefix("HEAD ") }.count == 2, "one HEAD per tag: \(run.stderr)")
        #expect(lines.count == 6, "nothing else: \(run.stderr)")
        #expect(
            lines.last?.hasPrefix("requests: 5 (\(lab.token) 4, ") == true,
            "-v ends with the count per host: \(run.stderr)")
    }

    @Test func registryWarningsAndRateLimitHeaders() throws {
        let lab = try #require(Lab.shared)
        let run = try RegProbeBinary.run([
            "-o", "json", "\(lab.fixture)/warning/app:1", "\(lab.fixture)/hubstyle/app:1",
        ])
        #expect(run.exitCode == 0)
        #expect(run.stderr.contains("warning: \(lab.fixture): this repository is deprecated"))
        #expect((run.field("warnings", 0) as? [String]) == ["this repository is deprecated"])
        let limit = try #require(run.field("rateLimit", 1) as? [String: Any])
        #expect(limit["remaining"] as? String == "76;w=21600")
        #expect(limit["limit"] as? String == "100;w=21600")
        let text = try RegProbeBinary.run(["\(lab.fixture)/hubstyle/app:1"])
        #expect(text.stdout.contains("remaining 76;w=21600"))
    }

    @Test func schema1CarriesTheContainerdNote() throws {
        let lab = try #require(Lab.shared)
        let run = try RegProbeBinary.run(["-o", "json", "\(lab.fixture)/schema1/app:1"])
        #expect((run.field("notes") as? [String])?.contains { $0.contains("containerd 2 refuse") } == true)
    }

    /// Every verdict path, run with recognisable secrets: none may appear in stdout, stderr or JSON.
    @Test func noSecretOnAnyVerdictPath() throws {
        let lab = try #require(Lab.shared)
        let secret = "S3cr3t-\(UInt32.random(in: 0...UInt32.max))"
        let encoded = Data("alice:\(secret)".utf8).base64EncodedString()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-nosecret-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = [
            "\(lab.token)/private/app:1.0", "\(lab.token)/private/app:missing", "\(lab.basic)/private/app:1.0",
            "\(lab.fixture)/ratelimited/app:1", "\(lab.fixture)/broken/app:1", "\(lab.fixture)/deniedtext/app:1",
            "\(lab.fixture)/mismatch/app@sha256:" + String(repeating: "b", count: 64), "\(lab.fixture)/html/app:1",
            "\(lab.fixtureToken)/tokened/app:1", "127.0.0.1:9/refused:1", "INVALID/ref",
        ]
        var runs: [Run] = []
        for format in ["text", "json"] {
            runs.append(
                try RegProbeBinary.run(
                    ["-v", "-o", format, "--ca-file", lab.ca, "-u", "alice", "--password-stdin"] + images,
                    stdin: secret))
            runs.append(
                try RegProbeBinary.run(
                    ["-v", "-o", format, "--ca-file", lab.ca] + images,
                    environment: ["REGPROBE_USERNAME": "alice", "REGPROBE_PASSWORD": secret]))
        }
        // A config file holding the secret, good and broken.
        let good = dir.appendingPathComponent("good.json")
        try Data(
            #"{"auths": {"\#(lab.token)": {"auth": "\#(encoded)"}, "\#(lab.basic)": {"auth": "\#(encoded)"}}}"#.utf8
        ).write(to: good)
        let broken = dir.appendingPathComponent("broken.json")
        try Data(#"{"auths": {"\#(lab.token)": {"auth": "\#(secret)!!"}}}"#.utf8).write(to: broken)
        for file in [good, broken] {
            for format in ["text", "json"] {
                runs.append(
                    try RegProbeBinary.run(["-v", "-o", format, "--ca-file", lab.ca, "--authfile", file.path] + images))
            }
        }
        #expect(runs.count == 8)
        for run in runs {
            for text in [run.stdout, run.stderr] {
                #expect(!text.contains(secret))
                #expect(!text.contains(encoded))
                #expect(!text.contains("eyJ"), "no JWT")
                #expect(!text.contains("fixture-token-123"), "no access token")
            }
        }
    }

    @Test func platformsOfTheIndexAreListed() throws {
        let lab = try #require(Lab.shared)
        let run = try RegProbeBinary.run([
            "-o", "json", "--platform", "linux/amd64", "--platform", "linux/arm64/v8", "\(lab.open)/public/multi:1.0",
        ])
        #expect(run.exitCode == 0)
        #expect(run.field("platforms") as? [String] == ["linux/amd64", "linux/arm64/v8"])
        let bad = try RegProbeBinary.run(["--platform", "linux", "\(lab.open)/public/multi:1.0"])
        #expect(bad.exitCode == 64)
    }

    /// On a terminal (util-linux `script` gives one): colour, and the progress line on stderr for runs of more
    /// than 5 images, cleared at the end; with NO_COLOR, no colour.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func colourAndProgressOnATerminal() throws {
        let lab = try #require(Lab.shared)
        let images = (1...8).map { "\(lab.open)/public/hello:\($0 == 1 ? "1.0" : "t\($0)")" }.joined(separator: " ")
        let command = "\(RegProbeBinary.path) \(images)"
        var run = try RegProbeBinary.runCommand("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(run.stdout.contains("\u{1B}[32m"), "green on a terminal")
        #expect(run.stdout.contains("[1/8]") || run.stdout.contains("/8] "), "a progress line")
        #expect(run.stdout.contains("\r\u{1B}[K"), "cleared")
        run = try RegProbeBinary.runCommand(
            "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"])
        #expect(!run.stdout.contains("\u{1B}[3"), "no colour with NO_COLOR")
    }

    /// Proxies come from the usual environment variables (libcurl reads them): with `http_proxy` pointing at the
    /// fixture, an image on a host that does not exist (`.invalid`: the proxy, not regprobe, would resolve it) is
    /// answered through the proxy. Loopback is never proxied (`HostileServerTests.loopbackIsNeverProxied`), so the
    /// target is not on loopback, and `--plain-http` keeps it a plain forward request (the fixture does no CONNECT).
    @Test func proxiesFromTheEnvironment() throws {
        let lab = try #require(Lab.shared)
        let proxy = ["http_proxy": "http://\(lab.fixture)", "https_proxy": "http://\(lab.fixture)"]
        let run = try RegProbeBinary.run(
            ["-o", "json", "--plain-http", "registry.regprobe-test.invalid/nohead/app:1"],
            environment: proxy)
        #expect(run.status() == "exists", "through the proxy: \(run.field("message") ?? "")")
    }
}
