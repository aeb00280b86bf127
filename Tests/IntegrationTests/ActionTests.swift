import Foundation
import RegProbe
import Testing

/// action.yml: it parses; it runs the project's image at this version; each input reaches regprobe as a flag or an
/// argument that regprobe's commands really have (read from the binary's `--experimental-dump-help`), and the output
/// format's values are those `--output` accepts.
@Suite struct ActionTests {
    @Test func inputsMapToRealFlags() throws {
        let documents = try Shipping.yamlDocuments(Shipping.root + "/action.yml")
        let action = try #require(documents.first as? [String: Any])
        let inputs = try #require(action["inputs"] as? [String: Any])
        let runs = try #require(action["runs"] as? [String: Any])
        #expect(runs["using"] as? String == "docker")
        #expect(runs["image"] as? String == "docker://\(Shipping.imageRepository):\(RegProbeVersion.current)")
        let args = try #require(runs["args"] as? [String])

        // What the commands accept: long flags and positional value names, per subcommand.
        let commands = try dumpedCommands()
        let check = try #require(commands["check"])
        let scan = try #require(commands["scan"])

        // Flags written in args (literally, or as an expression's string) are flags of check or scan.
        let flags = args.flatMap { arg in
            arg.split(whereSeparator: { " '()|&".contains($0) }).filter { $0.hasPrefix("--") }.map(String.init)
        }
        #expect(Set(flags) == ["--output", "--deep", "--authfile", "--junit"])
        for flag in flags {
            #expect(
                check.flags.contains(flag) || scan.flags.contains(flag), "\(flag) is no flag of regprobe check or scan")
        }
        #expect(check.flags.contains("--authfile"))
        #expect(check.flags.contains("--deep") && scan.flags.contains("--deep"))

        // Each input is used, next to the flag or in the place regprobe reads it from.
        #expect(Set(inputs.keys) == ["images", "manifests", "deep", "format", "authfile", "junit"])
        for name in inputs.keys {
            #expect(args.contains { $0.contains("inputs.\(name)") }, "input \(name) is not used")
        }
        let format = try #require(args.firstIndex(of: "--output").map { args[$0 + 1] })
        #expect(format == "${{ inputs.format }}")
        let formats = try #require(check.values["--output"])
        let formatHelp = (inputs["format"] as? [String: Any])?["description"] as? String ?? ""
        for value in formats { #expect(formatHelp.contains(value), "format's description lacks \(value)") }
        #expect(args.first == "${{ inputs.manifests != '' && 'scan' || 'check' }}")
        #expect(args.contains("${{ inputs.manifests }}"), "manifests is not scan's path argument")
        #expect(scan.positionals.contains("paths") && check.positionals.contains("images"))
        #expect(args.contains { $0.contains("fromJSON(inputs.images)[0]") })
        #expect(args.contains("${{ inputs.deep == 'true' && '--deep' || '' }}"))
        #expect(args.contains("${{ inputs.manifests == '' && inputs.authfile || '' }}"))
        #expect(scan.flags.contains("--junit"), "the junit input needs scan --junit")
        #expect(args.contains("${{ inputs.manifests != '' && inputs.junit || '' }}"))
    }

    struct Command {
        var flags: Set<String> = []
        var values: [String: [String]] = [:]
        var positionals: [String] = []
    }

    /// The subcommands of the binary under test, read from its `--experimental-dump-help`.
    func dumpedCommands() throws -> [String: Command] {
        let directory = URL(fileURLWithPath: RegProbeBinary.path).deletingLastPathComponent().path
        var commands: [String: Command] = [:]
        for executable in ["regprobe"] where FileManager.default.fileExists(atPath: directory + "/" + executable) {
            let dump = try RegProbeBinary.run(["--experimental-dump-help"], executable: directory + "/" + executable)
            let object = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
            let root = object?["command"] as? [String: Any] ?? [:]
            for case let sub as [String: Any] in root["subcommands"] as? [Any] ?? [] {
                guard let name = sub["commandName"] as? String else { continue }
                var command = commands[name] ?? Command()
                for case let argument as [String: Any] in sub["arguments"] as? [Any] ?? [] {
                    if argument["kind"] as? String == "positional", let value = argument["valueName"] as? String {
                        if !command.positionals.contains(value) { command.positionals.append(value) }
                    }
                    for case let flag as [String: Any] in argument["names"] as? [Any] ?? []
                    where flag["kind"] as? String == "long" {
                        let long = "--" + (flag["name"] as? String ?? "")
                        command.flags.insert(long)
                        if let values = argument["allValues"] as? [String] { command.values[long] = values }
                    }
                }
                commands[name] = command
            }
        }
        return commands
    }
}
