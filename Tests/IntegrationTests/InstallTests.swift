import Foundation
import Testing

/// `scripts/install --prefix DIR` into a temporary prefix: the executables run, the bash, zsh and fish completions
/// load (`bash -n`, then sourced and asked to complete; `zsh -n`; `fish --no-execute`), and the man page renders
/// with `man -l`. Nothing is written outside the prefix.
@Suite(.enabled(if: Shipping.available || Lab.required, "no release build: run scripts/test"))
struct InstallTests {
    @Test func intoTemporaryPrefix() throws {
        let shipping = try #require(Shipping.shared, "scripts/test did not prepare the release build")
        let prefix = try Shipping.temporaryDirectory("prefix")
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let install = try shipping.script("install", ["--prefix", prefix])
        try #require(install.exitCode == 0, "scripts/install failed: \(install.stdout) \(install.stderr)")
        let written = install.stdout.split(separator: "\n").map(String.init)
        #expect(written.allSatisfy { $0.hasPrefix(prefix + "/") }, "written outside the prefix: \(written)")

        for executable in shipping.executables {
            #expect(written.contains("\(prefix)/bin/\(executable)"))
        }
        let version = try Shipping.run(prefix + "/bin/regprobe", ["--version"])
        #expect(version.stdout == "\(shipping.version) (commit \(shipping.commit))\n")

        let bash = "\(prefix)/share/bash-completion/completions/regprobe"
        let zsh = "\(prefix)/share/zsh/site-functions/_regprobe"
        let fish = "\(prefix)/share/fish/vendor_completions.d/regprobe.fish"
        let page = "\(prefix)/share/man/man1/regprobe.1.gz"
        for file in [bash, zsh, fish, page] {
            #expect(written.contains(file), "scripts/install did not write \(file)")
        }

        let bashCheck = try Shipping.run("/bin/bash", ["-n", bash])
        #expect(bashCheck.exitCode == 0, "\(bashCheck.stderr)")
        // Sourced, it registers a completion for regprobe that completes subcommands and scan's flags.
        func complete(_ words: [String]) throws -> Run {
            let line = words.joined(separator: " ")
            let script = """
                source "$1" || exit 1
                complete -p regprobe || exit 1
                COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " ")))
                COMP_CWORD=\(words.count - 1)
                COMP_LINE='\(line)'
                COMP_POINT=${#COMP_LINE}
                COMPREPLY=()
                _regprobe regprobe '\(words.last ?? "")' '\(words.dropLast().last ?? "")'
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            return try Shipping.run("/bin/bash", ["-c", script, "bash", bash])
        }
        let subcommands = try complete(["regprobe", "sc"])
        #expect(subcommands.exitCode == 0, "\(subcommands.stderr)")
        #expect(subcommands.stdout.split(separator: "\n").contains("scan"), "\(subcommands.stdout)")
        let scanFlags = try complete(["regprobe", "scan", "--name"])
        #expect(scanFlags.stdout.split(separator: "\n").contains("--namespace"), "\(scanFlags.stdout)")

        let zshCheck = try Shipping.run("/usr/bin/zsh", ["-n", zsh])
        #expect(zshCheck.exitCode == 0, "\(zshCheck.stderr)")
        let fishCheck = try Shipping.run("/usr/bin/fish", ["--no-execute", fish])
        #expect(fishCheck.exitCode == 0, "\(fishCheck.stderr)")

        // man -l renders the page (groff through man-db), with the commands and their flags.
        let man = try RegProbeBinary.run(
            ["-l", page], environment: ["MANWIDTH": "100"],
            executable: "/usr/bin/man")
        #expect(man.exitCode == 0, "\(man.stderr)")
        #expect(man.stdout.contains("NAME"), "\(man.stdout)")
        #expect(man.stdout.contains("regprobe"), "\(man.stdout)")
        #expect(man.stdout.contains("--deep"), "\(man.stdout)")
        #expect(!man.stderr.contains("warning"), "\(man.stderr)")
    }
}
