#if canImport(Glibc)
import Glibc
#endif

/// The `regprobe` binary leaves the Kubernetes reader out (Yams brings all of Foundation: about 4 MiB of RSS and
/// 2-3 ms on every run, measured), so `scan`, `secret` and `check --secret` are run by `regprobe-kube`, installed
/// beside it. `regprobe` replaces itself with that program (execv), arguments unchanged.
public enum KubeHandoff {
    public static let program = "regprobe-kube"

    /// True when these arguments (without the program name) need the Kubernetes commands.
    public static func needed(_ arguments: [String]) -> Bool {
        guard let first = arguments.first else { return false }
        if first == "scan" || first == "secret" { return true }
        if first == "help", arguments.count > 1, arguments[1] == "scan" || arguments[1] == "secret" { return true }
        let checkArguments = first == "check" ? Array(arguments.dropFirst()) : arguments
        for argument in checkArguments {
            if argument == "--" { break }
            if argument == "--secret" || argument.hasPrefix("--secret=") { return true }
        }
        return false
    }

    /// `regprobe-kube` in the directory of the running executable.
    public static func siblingPath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let me = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = me.lastIndex(of: "/") else { return nil }
        return String(me[..<slash]) + "/" + program
    }

    /// Replaces this process with `regprobe-kube ARGUMENTS`; returns only if that failed, with the reason.
    public static func exec(_ arguments: [String]) -> String {
        guard let path = siblingPath(), access(path, X_OK) == 0 else {
            return
                "\(program) is not installed next to regprobe: the Kubernetes commands (scan, secret, check --secret) live there"
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) }
        argv.append(nil)
        execv(path, argv)
        return "cannot run \(path): \(String(cString: strerror(errno)))"
    }
}
