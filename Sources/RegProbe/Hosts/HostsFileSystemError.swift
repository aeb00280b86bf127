#if canImport(Glibc)
import Glibc
#endif

/// A file system error other than "does not exist" (`ENOENT`) on a path containerd looks at: containerd stops the
/// pull with it (`HostDirFromRoot`, `loadHostDir` and `loadCertFiles` pass every other error up).
public struct HostsFileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let errno: Int32

    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }

    public var description: String {
        "\(path): " + (strerror(errno).map { String(cString: $0) } ?? "error \(errno)")
    }
}
