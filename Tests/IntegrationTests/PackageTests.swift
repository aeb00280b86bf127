import Foundation
import Testing

/// `scripts/package`: the .deb is built and lintian-clean (the script runs lintian with `--fail-on warning`), its
/// control fields are right, its Depends names the package of every library the executables link (as dpkg-shlibdeps
/// computed it, with versions), and its contents are the executables, the completions, the man page and the docs.
@Suite(.enabled(if: Shipping.available || Lab.required, "no release build: run scripts/test"))
struct PackageTests {
    @Test func debianPackage() throws {
        let shipping = try #require(Shipping.shared, "scripts/test did not prepare the release build")
        let out = try Shipping.temporaryDirectory("deb")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let build = try shipping.script("package", [out])
        print(build.stdout)
        try #require(build.exitCode == 0, "scripts/package failed (lintian included): \(build.stdout) \(build.stderr)")
        #expect(build.stdout.contains("lintian: clean"))

        let architecture = try Shipping.run("/usr/bin/dpkg", ["--print-architecture"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let deb = "\(out)/regprobe_\(shipping.version)_\(architecture).deb"
        try #require(FileManager.default.fileExists(atPath: deb), "no \(deb)")

        // --info: the control fields.
        let info = try Shipping.run("/usr/bin/dpkg-deb", ["--field", deb])
        try #require(info.exitCode == 0, "\(info.stderr)")
        var fields: [String: String] = [:]
        for line in info.stdout.split(separator: "\n") where !line.hasPrefix(" ") {
            if let colon = line.firstIndex(of: ":") {
                fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        #expect(fields["Package"] == "regprobe")
        #expect(fields["Version"] == shipping.version)
        #expect(fields["Architecture"] == architecture)
        #expect(fields["Maintainer"]?.isEmpty == false)
        #expect(fields["Section"] == "utils")
        #expect(Int(fields["Installed-Size"] ?? "") ?? 0 > 0)
        #expect(try Shipping.run("/usr/bin/dpkg-deb", ["--info", deb]).exitCode == 0)

        // Depends: computed from the executables' libraries, so it names each library's package (with the minimum
        // version the symbols used need, where the library's shlibs or symbols file gives one: libyaml-0-2's gives
        // none).
        let depends = fields["Depends", default: ""].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for package in try linkedPackages(shipping) {
            #expect(
                depends.contains { $0 == package || $0.hasPrefix(package + " (>= ") },
                "Depends (\(depends)) lacks \(package), whose library the executables link")
        }

        // --contents: exactly what ships.
        let contents = try Shipping.run("/usr/bin/dpkg-deb", ["--contents", deb])
        try #require(contents.exitCode == 0, "\(contents.stderr)")
        let files = Set(
            contents.stdout.split(separator: "\n").compactMap { line -> String? in
                guard !line.hasPrefix("d"),
                    let path = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first
                else { return nil }
                return String(path.dropFirst())  // "./usr/bin/regprobe" → "/usr/bin/regprobe"
            })
        var expected: Set<String> = [
            "/usr/share/bash-completion/completions/regprobe", "/usr/share/zsh/vendor-completions/_regprobe",
            "/usr/share/fish/vendor_completions.d/regprobe.fish", "/usr/share/man/man1/regprobe.1.gz",
            "/usr/share/doc/regprobe/copyright", "/usr/share/doc/regprobe/changelog.gz",
        ]
        for executable in shipping.executables {
            expected.insert("/usr/bin/\(executable)")
            if executable != "regprobe" { expected.insert("/usr/share/man/man1/\(executable).1.gz") }
        }
        #expect(files == expected)

        // The packaged binary runs and names the same version and commit.
        let root = try Shipping.temporaryDirectory("deb-root")
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Shipping.run("/usr/bin/dpkg-deb", ["-x", deb, root]).exitCode == 0)
        let version = try Shipping.run(root + "/usr/bin/regprobe", ["--version"])
        #expect(version.stdout == "\(shipping.version) (commit \(shipping.commit))\n")
    }

    /// The Debian packages of the libraries the executables link directly (their DT_NEEDED entries).
    func linkedPackages(_ shipping: Shipping) throws -> Set<String> {
        var packages: Set<String> = []
        for executable in shipping.executables {
            let path = shipping.binDirectory + "/" + executable
            let dynamic = try Shipping.run("/usr/bin/readelf", ["-d", path])
            let ldd = try Shipping.run("/usr/bin/ldd", [path]).stdout
            for line in dynamic.stdout.split(separator: "\n") where line.contains("(NEEDED)") {
                guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { continue }
                let soname = line[line.index(after: open)..<close]
                // ldd's "soname => /path": the file dpkg knows.
                guard
                    let file = ldd.split(separator: "\n").first(where: { $0.contains("\t\(soname) => ") })?
                        .split(separator: " ").dropFirst(2).first
                else { continue }
                let owner = try Shipping.run("/usr/bin/dpkg-query", ["--search", String(file)])
                let resolved = try Shipping.run("/usr/bin/dpkg-query", ["--search", "/usr" + file])
                let answer = owner.exitCode == 0 ? owner.stdout : resolved.stdout
                if let package = answer.split(separator: ":").first { packages.insert(String(package)) }
            }
        }
        #expect(!packages.isEmpty, "no linked library's package found")
        return packages
    }
}
