import RegProbe

#if canImport(Glibc)
import Glibc
#endif

/// The process's surroundings: stdout, stderr, stdin, environment, files. Kept here so the commands stay plain.
public struct Terminal: Sendable {
    public init() {}

    public var colorOnStdout: Bool {
        isatty(1) == 1 && variable("NO_COLOR") == nil && variable("TERM") != "dumb"
    }

    /// A progress line goes to stderr only when stderr is a terminal.
    public var progressOnStderr: Bool {
        isatty(2) == 1 && variable("TERM") != "dumb"
    }

    public func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    public func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func out(_ text: String, terminator: String = "\n") {
        print(text, terminator: terminator)
    }

    /// One line on stderr. Every message on stderr may quote a server, a file or a helper, so control characters
    /// are escaped here (`TerminalText`), whoever calls.
    public func error(_ text: String) {
        raw(TerminalText.escape(text, limit: 16 * 1024) + "\n")
    }

    /// Writes to stderr as is (no newline).
    public func raw(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(2, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    /// All of stdin, less one trailing newline (as `docker login --password-stdin`).
    public func readPasswordFromStdin() throws -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = read(0, &buffer, buffer.count)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if bytes.isEmpty { throw InputError(message: "--password-stdin: standard input was empty") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
