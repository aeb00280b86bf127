import Foundation
import Testing

/// The lab that `scripts/lab/lab.sh up DIR` started: real registries and fixtures on loopback, described by
/// `DIR/lab.env`, found through `REGPROBE_LAB_ENV`. `scripts/test` sets it (and `REGPROBE_REQUIRE_LAB=1`, so a
/// missing lab fails the run instead of skipping it).
struct Lab: Sendable {
    let values: [String: String]
    let seed: [String: SeedEntry]

    struct SeedEntry: Decodable, Sendable {
        let digest: String
        let mediaType: String
        let size: Int
    }

    static let shared: Lab? = {
        guard let path = ProcessInfo.processInfo.environment["REGPROBE_LAB_ENV"],
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        guard let seedPath = values["LAB_SEED"], let data = FileManager.default.contents(atPath: seedPath),
            let seed = try? JSONDecoder().decode([String: SeedEntry].self, from: data)
        else { return nil }
        return Lab(values: values, seed: seed)
    }()

    static var available: Bool { shared != nil }
    static var required: Bool { ProcessInfo.processInfo.environment["REGPROBE_REQUIRE_LAB"] == "1" }

    subscript(_ key: String) -> String { values[key] ?? "missing-\(key)" }

    var open: String { self["LAB_OPEN"] }
    var basic: String { self["LAB_BASIC"] }
    var token: String { self["LAB_TOKEN"] }
    var fixture: String { self["LAB_FIXTURE"] }
    var fixtureToken: String { self["LAB_FIXTURE_TOKEN"] }
    var ca: String { self["LAB_CA"] }

    func digest(_ key: String) -> String { seed[key]?.digest ?? "missing-seed-\(key)" }
}

/// One run of the built `regprobe` binary.
struct Run: Sendable {
    let exitCode: Int32
    let stdout: String
    let stderr: String

    /// `-o json` output's `results`, as dictionaries.
    var results: [[String: Any]] {
        guard let data = stdout.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let results = object["results"] as? [[String: Any]]
        else { return [] }
        return results
    }

    var errorObject: [String: Any]? {
        guard let data = stdout.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["error"] as? [String: Any]
    }

    func status(_ index: Int = 0) -> String? {
        results.indices.contains(index) ? results[index]["status"] as? String : nil
    }
    func field(_ name: String, _ index: Int = 0) -> Any? {
        results.indices.contains(index) ? results[index][name] : nil
    }
}

enum RegProbeBinary {
    /// `REGPROBE_BIN`, else `.build/debug/regprobe` beside the package.
    static var path: String {
        if let bin = ProcessInfo.processInfo.environment["REGPROBE_BIN"] { return bin }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/regprobe").path
    }

    /// Runs another program (e.g. `script`, for a terminal) with the same clean environment.
    static func runCommand(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run
    {
        try run(arguments, environment: environment, executable: program)
    }

    /// Runs the binary with a clean environment (no docker config of the machine's leaks in), bounded in time.
    /// `directory`: the working directory (default: the test's).
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        timeout: TimeInterval = 60, executable: String? = nil, directory: String? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = [
            "PATH": "/usr/bin:/bin",
            "HOME": FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-test-home").path,
        ]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw TimedOut(arguments: arguments)
        }
        process.waitUntilExit()
        return Run(
            exitCode: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    struct TimedOut: Error { let arguments: [String] }
}
