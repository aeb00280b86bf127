#if canImport(Glibc)
import Glibc
#endif

/// Finds a program on `PATH`, as Go's `exec.LookPath` does for docker/cli's credential helpers, with one rule
/// stricter: relative entries (`.`, `bin`, and the empty entry, which means `.`) are never searched. Since Go 1.19,
/// `LookPath` refuses a result found through a relative entry (`exec.ErrDot`), so the current directory never
/// supplies a helper there either; regprobe skips such entries and goes on with the absolute ones.
/// https://pkg.go.dev/os/exec#hdr-Executables_in_the_current_directory
/// https://github.com/golang/go/blob/go1.22.0/src/os/exec/lp_unix.go
///
/// A candidate counts when it is a regular file (after symbolic links) that may be executed (`access(X_OK)`);
/// the absolute path found is what gets spawned, so nothing is searched again at spawn time.
package enum ExecutableSearch {
    package enum Outcome: Sendable, Hashable {
        /// The absolute path of the program.
        case found(String)
        /// Not in any absolute entry; `skipped` lists the relative entries that were not searched (`""` for an
        /// empty entry).
        case notFound(skipped: [String])
    }

    /// Looks `program` (a bare file name, no `/`) up in the entries of `path` (a `PATH` value, `:`-separated).
    package static func find(
        _ program: String, in path: String?,
        isExecutableFile: (String) -> Bool = isExecutableFile
    ) -> Outcome {
        guard !program.isEmpty, !program.contains("/") else { return .notFound(skipped: []) }
        var skipped: [String] = []
        for entry in (path ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init) {
            guard entry.hasPrefix("/") else {
                if !(path ?? "").isEmpty { skipped.append(entry) }
                continue
            }
            let candidate = entry.hasSuffix("/") ? entry + program : entry + "/" + program
            if isExecutableFile(candidate) { return .found(candidate) }
        }
        return .notFound(skipped: skipped)
    }

    /// A regular file (symbolic links followed) that this process may execute.
    package static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
