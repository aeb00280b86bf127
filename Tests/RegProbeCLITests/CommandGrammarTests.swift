import ArgumentParser
import Testing

@testable import RegProbeCLI

/// One grammar for the one binary: `regprobe` parses every command itself (the check is the default subcommand),
/// so `scan`, `secret` and `check --secret` reach their commands with their arguments, and the rest is a check.
struct CommandGrammarTests {
    enum Parsed: Equatable {
        case check(images: [String], secretFiles: [String])
        case secret(file: String, images: [String])
        case scan(paths: [String], secretFiles: [String])
    }

    static func parse(_ arguments: [String]) throws -> Parsed? {
        switch try RegProbeCommand.parseAsRoot(arguments) {
        case let c as CheckCommand: .check(images: c.images, secretFiles: c.secretFiles)
        case let s as SecretCommand: .secret(file: s.file, images: s.images)
        case let s as ScanCommand: .scan(paths: s.paths, secretFiles: s.secretFiles)
        default: nil
        }
    }

    @Test(arguments: [
        (["scan", "deploy/"], Parsed.scan(paths: ["deploy/"], secretFiles: [])),
        (["scan", "-", "--secret", "s.yaml"], .scan(paths: ["-"], secretFiles: ["s.yaml"])),
        (["secret", "regcred.yaml"], .secret(file: "regcred.yaml", images: [])),
        (["secret", "regcred.yaml", "nginx"], .secret(file: "regcred.yaml", images: ["nginx"])),
        (["--secret", "s.yaml", "nginx"], .check(images: ["nginx"], secretFiles: ["s.yaml"])),
        (
            ["check", "--ca-file", "ca.pem", "--secret=s.yaml", "nginx"],
            .check(images: ["nginx"], secretFiles: ["s.yaml"])
        ),
        (["nginx", "-o", "json"], .check(images: ["nginx"], secretFiles: [])),
        (["check", "nginx"], .check(images: ["nginx"], secretFiles: [])),
        (["check", "--", "--secret"], .check(images: ["--secret"], secretFiles: [])),
    ])
    func commands(_ arguments: [String], _ expected: Parsed) throws {
        #expect(try Self.parse(arguments) == expected)
    }

    @Test func helpNamesEveryCommand() {
        let help = RegProbeCommand.helpMessage()
        for command in ["check", "secret", "scan"] {
            #expect(help.contains("  \(command) "), "\(help)")
        }
        #expect(RegProbeCommand.helpMessage(for: ScanCommand.self).contains("--secret <file>"))
    }
}
