/// What the hosts lookup reads, as containerd reads it (Go's `os` package): so the lookup is a pure function of a
/// directory's contents, and tests give it one in memory. "Does not exist" (`ENOENT`) is an answer; any other error is
/// thrown, and containerd stops the pull with it.
public protocol HostsFileSystem: Sendable {
    /// `os.Stat` (following symbolic links): whether something exists at `path`.
    func exists(_ path: String) throws(HostsFileSystemError) -> Bool
    /// `os.ReadFile`: the bytes, or nil when nothing exists at `path` (a directory is an error, `EISDIR`).
    func read(_ path: String) throws(HostsFileSystemError) -> [UInt8]?
    /// `os.ReadDir`: the entries sorted by name, or nil when `path` does not exist.
    func list(_ path: String) throws(HostsFileSystemError) -> [HostsDirectoryEntry]?
}
