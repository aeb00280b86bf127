/// Go's `path.Clean` and `filepath.Join` (on Unix, where both use `/`), as containerd applies them to hosts.toml
/// paths. https://pkg.go.dev/path#Clean
package enum GoPath {
    /// The shortest path naming the same file by lexical processing: repeated `/` collapsed, `.` removed, `..`
    /// removed with the element before it (at the root: dropped); "" becomes ".".
    package static func clean(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `filepath.Join`: the non-empty elements joined with `/`, cleaned; "" when all are empty.
    package static func join(_ elements: String...) -> String {
        let kept = elements.filter { !$0.isEmpty }
        return kept.isEmpty ? "" : clean(kept.joined(separator: "/"))
    }

    /// `filepath.IsAbs`.
    package static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }
}
