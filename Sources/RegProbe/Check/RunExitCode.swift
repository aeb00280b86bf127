/// The exit code of a run, over every image's status (named apart from ArgumentParser's `ExitCode`, which the CLI
/// throws). The README documents this table.
///
/// | code | when |
/// |------|------|
/// | 0  | every image exists |
/// | 4  | an invalid reference (or an unusable credentials file, before any check) |
/// | 2  | unauthorized or denied |
/// | 1  | not found, platform missing, incomplete, not an image |
/// | 3  | network, TLS, server error or rate limit |
/// | 64 | usage error (argument-parser) |
///
/// The first that applies wins, in the order 4, 2, 1, 3.
public enum RunExitCode {
    public static let success: Int32 = 0
    public static let notFound: Int32 = 1
    public static let unauthorized: Int32 = 2
    public static let unreachable: Int32 = 3
    public static let invalidInput: Int32 = 4
    public static let usage: Int32 = 64

    public static func forRun(_ statuses: [Status]) -> Int32 {
        let set = Set(statuses)
        if set.contains(.invalidReference) { return invalidInput }
        if set.contains(.unauthorized) || set.contains(.denied) { return unauthorized }
        if !set.isDisjoint(with: [.notFound, .platformMissing, .incomplete, .notAnImage]) { return notFound }
        if !set.isSubset(of: [.exists]) { return unreachable }
        return success
    }
}
