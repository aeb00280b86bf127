import Foundation
import Testing

@testable import RegProbe

/// Which credential helper names may run, and where they are found on PATH.
struct CredentialHelperRulesTests {
    // MARK: - Names

    @Test(arguments: [
        ("desktop", true), ("osxkeychain", true), ("ecr-login", true), ("pass", true), ("gcloud", true),
        ("acr-env", true), ("secretservice", true), ("wincred.exe", true), ("my_helper.v2", true), ("..", true),
        ("", false), ("x/evil", false), ("/usr/bin/evil", false), ("../evil", false), ("./evil", false),
        ("evil ", false), (" evil", false), ("a b", false), ("evil\n", false), ("evil\u{1B}[2J", false),
        ("e\u{0}vil", false), ("évil", false), ("evil;rm", false), ("$(evil)", false), ("evil\\x", false),
        ("x:y", false), ("x*", false),
    ])
    func nameRule(_ name: String, _ valid: Bool) {
        #expect(CredentialHelper.isValidName(name) == valid, "\(name.debugDescription)")
    }

    @Test func invalidNameMessageNamesTheFileAndEscapesTheName() {
        let failure = CredentialHelper.invalidName("x/evil\u{1B}[2J\n", configPath: "/home/u/.docker/config.json")
        #expect(
            failure.message.hasPrefix(
                #"credential helper name "x/evil\x1B[2J\n" in /home/u/.docker/config.json "#
                    + "is not allowed"), "\(failure.message)")
        #expect(failure.message.contains("nothing was run"))
        #expect(!failure.message.contains("\u{1B}") && !failure.message.contains("\n"))
    }

    // MARK: - PATH lookup

    @Test(arguments: [
        // (PATH, executables that exist, expected); the program is docker-credential-p
        (
            "/usr/local/bin:/usr/bin", ["/usr/bin/docker-credential-p"],
            ExecutableSearch.Outcome.found("/usr/bin/docker-credential-p")
        ),
        (
            "/usr/local/bin:/usr/bin", ["/usr/local/bin/docker-credential-p", "/usr/bin/docker-credential-p"],
            .found("/usr/local/bin/docker-credential-p")
        ),
        ("/opt/bin/:/usr/bin", ["/opt/bin/docker-credential-p"], .found("/opt/bin/docker-credential-p")),
        // Relative entries are never searched, wherever they stand; the absolute ones still are.
        (
            ".:/usr/bin", ["./docker-credential-p", "/usr/bin/docker-credential-p"],
            .found("/usr/bin/docker-credential-p")
        ),
        (".:/usr/bin", ["./docker-credential-p"], .notFound(skipped: ["."])),
        (":/usr/bin", ["docker-credential-p"], .notFound(skipped: [""])),
        ("/usr/bin:", ["docker-credential-p"], .notFound(skipped: [""])),
        ("/usr/bin::/bin", ["docker-credential-p"], .notFound(skipped: [""])),
        (
            "bin:tools/x:/usr/bin", ["bin/docker-credential-p", "tools/x/docker-credential-p"],
            .notFound(skipped: ["bin", "tools/x"])
        ),
        ("", ["docker-credential-p"], .notFound(skipped: [])),
        ("/nowhere", [], .notFound(skipped: [])),
    ])
    func pathLookup(_ path: String, _ existing: [String], _ expected: ExecutableSearch.Outcome) {
        let found = ExecutableSearch.find("docker-credential-p", in: path) { existing.contains($0) }
        #expect(found == expected, "PATH=\(path)")
    }

    @Test func pathLookupTakesNoPathAsAProgram() {
        let nothing = ExecutableSearch.Outcome.notFound(skipped: [])
        #expect(ExecutableSearch.find("docker-credential-x/evil", in: "/usr/bin") { _ in true } == nothing)
        #expect(ExecutableSearch.find("", in: "/usr/bin") { _ in true } == nothing)
        #expect(ExecutableSearch.find("docker-credential-x", in: nil) { _ in true } == nothing)
    }

    /// On the real file system: a regular executable file only (not a directory, not a file without `x`).
    @Test func executableFileCheck() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("docker-credential-dir"),
            withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("docker-credential-ok").path
        let plain = dir.appendingPathComponent("docker-credential-plain").path
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: script))
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: plain))
        #expect(chmod(script, 0o755) == 0 && chmod(plain, 0o644) == 0)
        #expect(mkfifo(dir.appendingPathComponent("docker-credential-fifo").path, 0o700) == 0)
        #expect(ExecutableSearch.isExecutableFile(script))
        #expect(!ExecutableSearch.isExecutableFile(dir.appendingPathComponent("docker-credential-dir").path))
        #expect(!ExecutableSearch.isExecutableFile(dir.appendingPathComponent("docker-credential-fifo").path))
        #expect(!ExecutableSearch.isExecutableFile(dir.appendingPathComponent("docker-credential-missing").path))
        #expect(!ExecutableSearch.isExecutableFile(plain), "no x bit at all: not executable, even for root")
        #expect(ExecutableSearch.find("docker-credential-ok", in: "/nonexistent:" + dir.path) == .found(script))
        #expect(ExecutableSearch.find("docker-credential-dir", in: dir.path) == .notFound(skipped: []))
    }
}
