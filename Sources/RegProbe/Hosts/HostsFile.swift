/// A hosts.toml as containerd 1.6.20 reads it (`parseHostsFile`): the `[host."..."]` tables in the order they start
/// in the file, then the top level (`server` and its settings), which is always there: leaving out `server` does not
/// stop the fallback to the reference's own registry (containerd issue 9206).
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L327-L378
/// https://github.com/containerd/containerd/issues/9206
public struct HostsFile: Sendable, Hashable {
    /// The `[host."..."]` tables, ordered by the line where each starts (`getSortedHosts`).
    public let hosts: [HostsFileEntry]
    /// The top level: `server` (its ``HostsFileEntry/name``, "" when absent) with the top-level `capabilities`, `ca`,
    /// `client`, `skip_verify`, `header`, `override_path`, which apply to the server only.
    public let server: HostsFileEntry
    /// Hosts that start on the same line (an inline `host = { ... }`): containerd's order for them is that of a Go
    /// map, which is not defined; they keep the file's order here.
    public let hostsSharingALine: [String]

    /// Reads `text` (the file at `file`). A TOML error of kind ``TOMLError/Kind/unsupported`` is thrown as it is:
    /// containerd may read such a file, so nothing is predicted. Every other problem is a ``HostsFileProblem``:
    /// containerd ignores the file.
    public static func read(_ text: [UInt8], file: String) throws(HostsFileReadError) -> HostsFile {
        let table: TOMLTable
        do {
            table = try TOMLReader.read(text, file: file)
        } catch {
            switch error.kind {
            case .unsupported: throw .unsupported(error.description)
            case .invalid: throw .ignored(HostsFileProblem(.syntax, file: file, line: error.line, error.message))
            }
        }
        do {
            return try HostsFile(table: table, file: file)
        } catch {
            throw .ignored(error)
        }
    }

    init(table: TOMLTable, file: String) throws(HostsFileProblem) {
        // getSortedHosts: `host` must be a table ("invalid `host` tree"), looked up as written only (`Get("host")`).
        guard case .table(let hostTable)? = table["host"] else {
            throw HostsFileProblem(.hostTree, file: file, line: table.entry("host")?.line, "invalid `host` tree")
        }
        // The hosts in order of the line where each table starts; a stable sort keeps the file's order on a tie.
        let ordered = hostTable.entries.enumerated().sorted {
            ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
        }
        var hosts: [HostsFileEntry] = []
        for (_, entry) in ordered {
            guard case .table(let config) = entry.value else {
                throw HostsFileProblem(
                    .fieldType, file: file, line: entry.line,
                    "host \(entry.key) is \(entry.value.kindDescription), not a table")
            }
            hosts.append(try HostsFileEntry(table: config, name: entry.key, line: entry.line, file: file))
        }
        let lines = Dictionary(grouping: hostTable.entries, by: \.line).filter { $0.value.count > 1 }
        hostsSharingALine = hostTable.entries.filter { lines[$0.line] != nil }.map(\.key)

        var serverName = ""
        switch HostsFileEntry.entry(table, "server")?.value {
        case nil: break
        case .string(let name): serverName = name
        case let value?:
            throw HostsFileProblem(
                .fieldType, file: file, line: HostsFileEntry.entry(table, "server")?.line,
                "server must be a string, found \(value.kindDescription)")
        }
        self.hosts = hosts
        server = try HostsFileEntry(table: table, name: serverName, line: 0, file: file)
    }
}
