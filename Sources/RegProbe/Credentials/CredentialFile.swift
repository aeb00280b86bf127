#if canImport(Glibc)
import Glibc
#endif

/// Reads a file that holds credentials (a docker `config.json`, a containers `auth.json`, a Kubernetes pull
/// secret) so that a hostile path cannot hang or exhaust the run:
///
/// - only a regular file is read (symbolic links followed): a FIFO, a device (`/dev/zero`), a socket or a
///   directory is refused with a reason that names what it is. The file is opened with `O_NONBLOCK`, so opening
///   a FIFO never waits for a writer, and the type is taken from `fstat` of the opened descriptor (not from a
///   `stat` of the path, which could be swapped in between);
/// - at most `maxBytes` (4 MiB) are read: a larger file is refused before reading, and one that grows past the
///   limit while it is read is refused too. Real files are a few KiB (docker/cli keeps one entry per registry).
///
/// Standard input (`regprobe secret -`) is a pipe by nature; `read(descriptor:)` applies the same size limit to it.
package enum CredentialFile {
    /// The largest credentials file read: 4 MiB.
    package static let maxBytes = 4 << 20

    /// Why a file was not read; `reason` is a whole sentence fragment (`not a regular file but a named pipe
    /// (FIFO)`, `cannot read the file: permission denied`) to put after the path.
    package struct Refusal: Error, Sendable, Hashable {
        package let reason: String
    }

    /// The bytes of the regular file at `path`, or why it was not read.
    package static func read(path: String, maxBytes: Int = maxBytes) -> Result<[UInt8], Refusal> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .failure(Refusal(reason: "cannot read the file: " + describe(errno: errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(Refusal(reason: "cannot read the file: " + describe(errno: errno)))
        }
        if let kind = nonRegularKind(info.st_mode) {
            if kind == "a directory" { return .failure(Refusal(reason: "cannot read the file: it is a directory")) }
            return .failure(
                Refusal(
                    reason: "not a regular file but \(kind): credentials are read from regular "
                        + "files only"))
        }
        if Int(info.st_size) > maxBytes {
            return .failure(
                Refusal(
                    reason: "the file is \(Int(info.st_size)) bytes, over the "
                        + "\(limitText(maxBytes)) limit for a credentials file"))
        }
        // Regular files ignore O_NONBLOCK; clear it anyway so a read is a plain read.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return read(descriptor: fd, maxBytes: maxBytes, what: "the file")
    }

    /// Up to `maxBytes` from an open descriptor (standard input), until end of file; more than that is refused.
    package static func read(
        descriptor fd: Int32, maxBytes: Int = maxBytes,
        what: String = "standard input"
    ) -> Result<[UInt8], Refusal> {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        // Each pass reads at least one byte or ends the loop, and the total is capped: bounded by maxBytes + 1.
        while bytes.count <= maxBytes {
            let want = min(buffer.count, maxBytes + 1 - bytes.count)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Refusal(reason: "cannot read \(what): " + describe(errno: errno)))
            }
            if n == 0 { return .success(bytes) }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return .failure(Refusal(reason: "\(what) is over the \(limitText(maxBytes)) limit for a credentials file"))
    }

    /// What a file that is not regular is (`a named pipe (FIFO)`, `a character device`), nil for a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "it is a directory"
        case ENOTDIR: return "a component of the path is not a directory"
        case ELOOP: return "too many levels of symbolic links"
        case ENXIO: return "no such device or address (a socket or a device that is not there)"
        case ENAMETOOLONG: return "the path is too long"
        default: return "system error \(code) (\(String(cString: strerror(code))))"
        }
    }

    /// `4 MiB`, `512 KiB`, `100 bytes`.
    static func limitText(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
