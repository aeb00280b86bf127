import Foundation

/// containerd's answer to one `ctr images pull`, as `scripts/lab/containerd.sh pull` reports it (`key: value` lines).
/// The error text comes from containerd and the registry; the script has already escaped its control characters and
/// replaced the `--user` password with `***`.
struct ContainerdPull: Sendable, CustomStringConvertible {
    /// The image and everything it names was fetched, verified and unpacked.
    let pulled: Bool
    /// `ctr`'s exit status.
    let exitCode: Int
    /// The namespace the pull ran in (one per pull: nothing fetched before counts).
    let namespace: String
    let elapsedMilliseconds: Int
    /// The last line `ctr` wrote on standard error, when it refused; empty when it pulled.
    let error: String
    /// `ctr`'s whole output, escaped and redacted.
    let logPath: String

    /// Parses the script's stdout; nil when a line it always writes is missing or malformed.
    init?(report: String) {
        var fields: [String: String] = [:]
        for line in report.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            if fields[key] == nil { fields[key] = String(value) }
        }
        guard let verdict = fields["verdict"], verdict == "pulled" || verdict == "refused",
            let exitCode = fields["exit"].flatMap({ Int($0) }),
            let namespace = fields["namespace"], !namespace.isEmpty,
            let elapsed = fields["elapsed-ms"].flatMap({ Int($0) }),
            let log = fields["log"]
        else { return nil }
        pulled = verdict == "pulled"
        guard pulled == (exitCode == 0) else { return nil }
        self.exitCode = exitCode
        self.namespace = namespace
        elapsedMilliseconds = elapsed
        error = fields["error"] ?? ""
        logPath = log
    }

    var description: String {
        pulled
            ? "pulled (\(elapsedMilliseconds) ms)"
            : "refused (exit \(exitCode), \(elapsedMilliseconds) ms): \(error)"
    }
}
