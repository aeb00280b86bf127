@testable import RegProbe

#if canImport(Glibc)
import Glibc
#endif

/// A hosts directory in memory: files by absolute path (their directories exist), extra empty directories, and
/// errors (an errno) that any look at a path gives.
struct MemoryHostsFileSystem: HostsFileSystem {
    var files: [String: [UInt8]]
    var directories: Set<String>
    var errors: [String: Int32]

    init(_ files: [String: String], directories: [String] = [], errors: [String: Int32] = [:]) {
        self.files = files.mapValues { Array($0.utf8) }
        var all = Set(directories)
        for path in files.keys + directories {
            var parent = GoPath.clean(path + "/..")
            while parent != "/" && parent != "." {
                all.insert(parent)
                parent = GoPath.clean(parent + "/..")
            }
        }
        self.directories = all
        self.errors = errors
    }

    func exists(_ path: String) throws(HostsFileSystemError) -> Bool {
        if let code = errors[path] { throw HostsFileSystemError(path: path, errno: code) }
        return files[path] != nil || directories.contains(path)
    }

    func read(_ path: String) throws(HostsFileSystemError) -> [UInt8]? {
        if let code = errors[path] { throw HostsFileSystemError(path: path, errno: code) }
        if directories.contains(path) { throw HostsFileSystemError(path: path, errno: EISDIR) }
        return files[path]
    }

    func list(_ path: String) throws(HostsFileSystemError) -> [HostsDirectoryEntry]? {
        if let code = errors[path] { throw HostsFileSystemError(path: path, errno: code) }
        guard directories.contains(path) else {
            if files[path] != nil { throw HostsFileSystemError(path: path, errno: ENOTDIR) }
            return nil
        }
        let children =
            files.keys.map { ($0, false) } + directories.map { ($0, true) }
        return children.compactMap { child, isDirectory in
            GoPath.clean(child + "/..") == path && child != path
                ? HostsDirectoryEntry(name: String(child.dropFirst(path.count + 1)), isDirectory: isDirectory) : nil
        }.sorted { $0.name < $1.name }
    }
}
