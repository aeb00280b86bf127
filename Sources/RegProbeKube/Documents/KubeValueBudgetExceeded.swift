/// The run's manifests would pass a limit of the budget.
public struct KubeValueBudgetExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Limit: Sendable, Hashable {
        case values
        case bytes
    }

    public let limit: Limit
    public let maximum: Int

    /// What was passed, and the next step (the caller adds the file and document).
    public var description: String {
        let what =
            switch limit {
            case .values: "more than \(Self.grouped(maximum)) values"
            case .bytes: "more than \(Self.mebibytes(maximum)) of text"
            }
        return "the manifests of this run expand to \(what), regprobe's limit for one run (each use of a "
            + "YAML alias counts again); reading stopped here and nothing was checked. Check the files in "
            + "smaller groups; if this document alone is that large, its aliases expand it (look for anchors "
            + "used many times)"
    }

    /// `4000000` → `4,000,000`.
    static func grouped(_ n: Int) -> String {
        var digits = Array(String(n))
        var out: [Character] = []
        while digits.count > 3 {
            out.insert(contentsOf: [","] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        return String(digits + out)
    }

    /// `268435456` → `256 MiB`; other sizes in bytes.
    static func mebibytes(_ n: Int) -> String {
        n >= 1 << 20 && n % (1 << 20) == 0 ? "\(n >> 20) MiB" : "\(grouped(n)) bytes"
    }
}
