#if canImport(Glibc)
import Glibc
#endif

/// One running credential helper, owned by the thread of a `HelperBatch`: spawned in a process group of its own,
/// its stdin fed at once, its stdout read without ever blocking.
///
/// - `posix_spawn` of the absolute path `ExecutableSearch` found (no `PATH` search at spawn time);
/// - stdin a pipe holding `input` (closed after it), stdout a pipe, stderr `/dev/null`; every other descriptor of
///   regprobe below 1024 is closed in the child, and the pipes are close-on-exec, so one helper never holds
///   another helper's pipes (or regprobe's sockets);
/// - SIGPIPE back to its default and an empty signal mask in the child (regprobe ignores SIGPIPE itself);
/// - its own process group (`POSIX_SPAWN_SETPGROUP`), so `stop()` kills it and whatever it started that stayed in
///   the group. The group is only signalled while the helper is not yet reaped, so its id cannot have been reused.
final class HelperProcess {
    /// The most output read; a helper that writes more is stopped.
    static let maxOutput = 64 * 1024

    let pid: pid_t
    /// Our end of its stdout, non-blocking; -1 once closed.
    private(set) var stdout: Int32
    private(set) var output: [UInt8] = []
    /// Its stdout reached end of file (every writer closed it).
    private(set) var sawEndOfOutput = false
    /// It wrote more than `maxOutput`.
    private(set) var overflowed = false
    /// Its exit code once reaped (128 + N when killed by signal N, as a shell reports it).
    private(set) var exitCode: Int32?

    private init(pid: pid_t, stdout: Int32) {
        self.pid = pid
        self.stdout = stdout
    }

    deinit {
        closeOutput()
    }

    /// Spawns `executable get` with `argv[0]` = `program`; the error is an `errno` value.
    static func spawn(executable: String, program: String, input: [UInt8]) -> Result<HelperProcess, SpawnError> {
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        // Close-on-exec at once (Glibc as Swift imports it has no pipe2): only this thread spawns processes.
        guard pipe(&stdinPipe) == 0 else { return .failure(SpawnError(code: errno)) }
        guard pipe(&stdoutPipe) == 0 else {
            let code = errno
            close(stdinPipe[0])
            close(stdinPipe[1])
            return .failure(SpawnError(code: code))
        }
        for fd in stdinPipe + stdoutPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // If regprobe itself was started with 0, 1 or 2 closed, a pipe may have landed there: move it above, so that
        // the dup2 below always duplicates (which clears close-on-exec) rather than finding the target in place.
        for index in 0..<2 {
            stdinPipe[index] = aboveStandardDescriptors(stdinPipe[index])
            stdoutPipe[index] = aboveStandardDescriptors(stdoutPipe[index])
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of regprobe's leaks into the helper (sockets, other helpers' pipes). closefrom is not
        // visible from Swift; descriptors past 1024 are not used by regprobe.
        for fd in Int32(3)..<Int32(1024) where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        var mask = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(program), strdup("get"), nil]
        defer { for arg in argv { free(arg) } }
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            return .failure(SpawnError(code: spawned))
        }

        // regprobe ignores SIGPIPE (a helper that exits without reading must not kill it); the input is a line, far
        // below a pipe's buffer, so one non-blocking write takes it whole or the helper is gone already.
        signal(SIGPIPE, SIG_IGN)
        _ = fcntl(stdinPipe[1], F_SETFL, fcntl(stdinPipe[1], F_GETFL) | O_NONBLOCK)
        _ = input.withUnsafeBytes { write(stdinPipe[1], $0.baseAddress, $0.count) }
        close(stdinPipe[1])
        _ = fcntl(stdoutPipe[0], F_SETFL, fcntl(stdoutPipe[0], F_GETFL) | O_NONBLOCK)
        return .success(HelperProcess(pid: pid, stdout: stdoutPipe[0]))
    }

    struct SpawnError: Error {
        let code: Int32
    }

    /// Reads what is there without blocking: to end of file, to `EAGAIN`, or past `maxOutput` (then `overflowed`
    /// and stdout is closed). Each pass reads at least one byte or returns, and the total is capped.
    func readAvailable() {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while stdout >= 0 {
            let want = min(buffer.count, Self.maxOutput + 1 - output.count)
            let n = buffer.withUnsafeMutableBytes { read(stdout, $0.baseAddress, want) }
            if n > 0 {
                output.append(contentsOf: buffer[0..<n])
                if output.count > Self.maxOutput {
                    overflowed = true
                    closeOutput()
                }
            } else if n == 0 {
                sawEndOfOutput = true
                closeOutput()
            } else if errno == EINTR {
                continue
            } else {
                if errno != EAGAIN && errno != EWOULDBLOCK { closeOutput() }
                return
            }
        }
    }

    /// Reaps the helper if it has exited (never waits); true once it has.
    @discardableResult
    func reapIfExited() -> Bool {
        if exitCode != nil { return true }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid {
            let signal = status & 0x7F
            exitCode = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            return true
        }
        if reaped < 0 && errno == ECHILD {
            // Someone else reaped it (an embedding program that sets SIGCHLD to SIG_IGN): gone, status unknown.
            exitCode = -1
            return true
        }
        return false
    }

    /// Kills its process group (if the helper is not reaped yet) and closes stdout. Reaping after SIGKILL is
    /// waited for at most about 200 ms: a process stuck in the kernel stays a zombie rather than a hang.
    func stop() {
        if !reapIfExited() {
            kill(-pid, SIGKILL)
            for _ in 0..<100 {
                if reapIfExited() { break }
                usleep(2000)
            }
        }
        closeOutput()
    }

    func closeOutput() {
        if stdout >= 0 {
            close(stdout)
            stdout = -1
        }
    }

    /// `fd` itself when it is above 2, else a close-on-exec duplicate above 2 (and `fd` closed).
    private static func aboveStandardDescriptors(_ fd: Int32) -> Int32 {
        guard fd >= 0 && fd <= 2 else { return fd }
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 3)
        guard moved >= 0 else { return fd }
        close(fd)
        return moved
    }
}
