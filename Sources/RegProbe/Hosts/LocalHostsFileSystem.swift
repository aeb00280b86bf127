#if canImport(Glibc)
import Glibc
#endif

/// The machine's own files, read with the C library as Go's `os` package reads them.
public struct LocalHostsFileSystem: HostsFileSystem {
    /// hosts.toml files are small; a larger one is refused rather than read whole.
    public static let maximumFileSize = 1 << 20

    public init() {}

    public func exists(_ path: String) throws(HostsFileSystemError) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return true }
        let code = Glibc.errno
        if code == ENOENT { return false }
        throw HostsFileSystemError(path: path, errno: code)
    }

    public func read(_ path: String) throws(HostsFileSystemError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = Glibc.errno
            if code == ENOENT { return nil }
            throw HostsFileSystemError(path: path, errno: code)
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = Glibc.errno
                if code == EINTR { continue }
                throw HostsFileSystemError(path: path, errno: code)
            }
            if count == 0 { return out }
            out += buffer[..<count]
            if out.count > Self.maximumFileSize { throw HostsFileSystemError(path: path, errno: EFBIG) }
        }
    }

    public func list(_ path: String) throws(HostsFileSystemError) -> [HostsDirectoryEntry]? {
        guard let dir = opendir(path) else {
            let code = Glibc.errno
            if code == ENOENT { return nil }
            throw HostsFileSystemError(path: path, errno: code)
        }
        defer { closedir(dir) }
        var entries: [HostsDirectoryEntry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isDirectory = Int32(entry.pointee.d_type) == DT_DIR
            if Int32(entry.pointee.d_type) == DT_UNKNOWN {
                var info = stat()
                isDirectory = lstat(path + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            entries.append(HostsDirectoryEntry(name: name, isDirectory: isDirectory))
        }
        return entries.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }
}
