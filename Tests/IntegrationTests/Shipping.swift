import Foundation

/// What ships, made once by `scripts/test` before the tests run (`regprobe_release_prepare`, scripts/lib/release.sh):
/// the release build's bin directory, the man pages, the executable products, the dependency tree. The image,
/// install and package tests hand these to `scripts/image`, `scripts/install` and `scripts/package` through the same
/// variables, so no script builds anything (`swift test` holds SwiftPM's lock on .build while the tests run).
struct Shipping: Sendable {
    /// The package's root directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let variables = [
        "REGPROBE_RELEASE_BIN_DIR", "REGPROBE_MANUAL_DIR", "REGPROBE_EXECUTABLES", "REGPROBE_DEPENDENCIES",
    ]

    /// The variables above, as `scripts/test` exported them.
    let environment: [String: String]
    let binDirectory: String
    /// The executable products of Package.swift (`swift package describe`), as shipped.
    let executables: [String]
    /// `regprobe --version` of the release build: the version, and the commit it names.
    let version: String
    let commit: String

    static let shared: Shipping? = {
        let env = ProcessInfo.processInfo.environment
        var values: [String: String] = [:]
        for name in variables {
            guard let value = env[name], !value.isEmpty else { return nil }
            values[name] = value
        }
        let bin = values["REGPROBE_RELEASE_BIN_DIR"] ?? ""
        let executables = (values["REGPROBE_EXECUTABLES"] ?? "").split(separator: " ").map(String.init)
        guard !executables.isEmpty, executables.contains("regprobe"),
            let run = try? RegProbeBinary.run(["--version"], executable: bin + "/regprobe"), run.exitCode == 0
        else { return nil }
        // "0.1.0 (commit 23b60c83f671add5f3d9f29aa9596b84d96eec20)"
        let words = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard words.count == 3, words[1] == "(commit", words[2].hasSuffix(")") else { return nil }
        return Shipping(
            environment: values, binDirectory: bin, executables: executables, version: String(words[0]),
            commit: String(words[2].dropLast()))
    }()

    static var available: Bool { shared != nil }

    /// The project's image repository: the default of `REGPROBE_IMAGE_REPOSITORY` in scripts/lib/release.sh.
    static var imageRepository: String {
        let text = (try? String(contentsOfFile: root + "/scripts/lib/release.sh", encoding: .utf8)) ?? ""
        let prefix = "REGPROBE_IMAGE_REPOSITORY=${REGPROBE_IMAGE_REPOSITORY:-"
        for line in text.split(separator: "\n") where line.hasPrefix(prefix) && line.hasSuffix("}") {
            return String(line.dropFirst(prefix.count).dropLast())
        }
        return "missing-REGPROBE_IMAGE_REPOSITORY"
    }

    /// Runs `scripts/NAME ARGUMENTS` with the prepared variables (and PATH for the Debian tools), bounded.
    func script(_ name: String, _ arguments: [String], timeout: TimeInterval = 900) throws -> Run {
        try RegProbeBinary.run(
            [Self.root + "/scripts/" + name] + arguments, environment: environment, timeout: timeout,
            executable: "/bin/bash")
    }

    /// A fresh directory under the system's temporary directory, readable by everyone (the image's non-root user
    /// reads files mounted from it).
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "regprobe-\(label)-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return path
    }

    /// Runs a program (absolute path), bounded.
    static func run(_ program: String, _ arguments: [String], stdin: String? = nil, timeout: TimeInterval = 120)
        throws -> Run
    {
        try RegProbeBinary.run(arguments, stdin: stdin, timeout: timeout, executable: program)
    }

    /// The documents of a YAML file, as JSON values (Debian's python3-yaml, `yaml.safe_load_all`).
    static func yamlDocuments(_ path: String) throws -> [Any] {
        let run = try Self.run(
            "/usr/bin/python3",
            [
                "-c",
                "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8')))))",
                path,
            ])
        guard run.exitCode == 0, let documents = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [Any]
        else { throw YAMLUnreadable(path: path, output: run.stdout + run.stderr) }
        return documents
    }

    struct YAMLUnreadable: Error { let path: String, output: String }
}
