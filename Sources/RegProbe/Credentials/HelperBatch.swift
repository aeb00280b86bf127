#if canImport(Glibc)
import Glibc
#endif

/// Runs credential helpers concurrently under one deadline: every helper of the batch is started first, then one
/// `poll` loop reads them all, so five helpers that hang cost one time limit, not five.
///
/// The loop ends a helper when it has exited (its answer is what it wrote by then: a child that escaped its process
/// group with `setsid` and holds stdout open does not keep the run waiting), when it wrote more than 64 KiB, or at
/// the deadline; the last two kill its process group (`HelperProcess.stop`). The loop is bounded: each pass waits
/// at most until the deadline, and passes without output back off from 1 to 32 ms (exits are noticed by
/// `waitpid(WNOHANG)`, which has no descriptor to poll).
///
/// `run` does this on a thread of its own: Swift's cooperative pool (two threads here) never blocks on a helper.
enum HelperBatch {
    typealias Answer = Result<Credential?, CredentialHelper.Failure>

    /// The answers to `queries`, in order, on a new thread; the caller's task is suspended meanwhile.
    static func run(_ queries: [HelperQuery], deadline: ContinuousClock.Instant, limit: Duration) async -> [Answer] {
        guard !queries.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let job = Job(queries: queries, deadline: deadline, limit: limit, continuation: continuation)
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job).toOpaque()
            let rc = pthread_create(
                &thread, nil,
                { context in
                    let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                    job.continuation.resume(
                        returning: HelperBatch.runBlocking(
                            job.queries, deadline: job.deadline,
                            limit: job.limit))
                    return nil
                }, context)
            if rc == 0 {
                pthread_detach(thread)
            } else {
                Unmanaged<Job>.fromOpaque(context).release()
                let failure = CredentialHelper.Failure(
                    message: "cannot run credential helpers: no thread could be started (error \(rc))")
                continuation.resume(returning: queries.map { _ in .failure(failure) })
            }
        }
    }

    /// What one helper thread needs.
    private final class Job: @unchecked Sendable {
        let queries: [HelperQuery]
        let deadline: ContinuousClock.Instant
        let limit: Duration
        let continuation: CheckedContinuation<[Answer], Never>

        init(
            queries: [HelperQuery], deadline: ContinuousClock.Instant, limit: Duration,
            continuation: CheckedContinuation<[Answer], Never>
        ) {
            self.queries = queries
            self.deadline = deadline
            self.limit = limit
            self.continuation = continuation
        }
    }

    /// The answers to `queries`, in order, on the calling thread (which blocks until the deadline at most).
    /// `limit` is the time limit as the messages state it; `path` is the `PATH` searched (the environment's when
    /// nil).
    static func runBlocking(
        _ queries: [HelperQuery], deadline: ContinuousClock.Instant, limit: Duration,
        path: String? = nil
    ) -> [Answer] {
        var answers = [Answer?](repeating: nil, count: queries.count)
        var running: [(index: Int, helper: CredentialHelper, process: HelperProcess)] = []
        let path = path ?? getenv("PATH").map { String(cString: $0) }
        for (index, query) in queries.enumerated() {
            let helper = CredentialHelper(name: query.helper)
            guard CredentialHelper.isValidName(query.helper) else {
                answers[index] = .failure(CredentialHelper.invalidName(query.helper, configPath: nil))
                continue
            }
            switch ExecutableSearch.find(helper.program, in: path) {
            case .notFound(let skipped):
                let note =
                    skipped.isEmpty
                    ? ""
                    : " (relative PATH entries such as "
                        + "\"\(TerminalText.escape(skipped[0].isEmpty ? "." : skipped[0]))\" are not searched)"
                answers[index] = .failure(
                    CredentialHelper.Failure(
                        message: "credential helper \(helper.program) cannot be run: not found on PATH\(note); "
                            + "install it or remove it from the docker config"))
            case .found(let executable):
                switch HelperProcess.spawn(
                    executable: executable, program: helper.program,
                    input: Array((query.server + "\n").utf8))
                {
                case .success(let process):
                    running.append((index, helper, process))
                case .failure(let error):
                    let reason = String(cString: strerror(error.code))
                    let shown = TerminalText.escape(executable)
                    answers[index] = .failure(
                        CredentialHelper.Failure(
                            message: "credential helper \(helper.program) cannot be run (\(shown)): \(reason); "
                                + "fix or reinstall it, or remove it from the docker config"))
                }
            }
        }

        var pause = 1
        while !running.isEmpty {
            let left = deadline - ContinuousClock.now
            if left <= .zero { break }
            let leftMilliseconds =
                Int(left.components.seconds) * 1000
                + Int(left.components.attoseconds / 1_000_000_000_000_000) + 1
            let wait = Int32(min(pause, leftMilliseconds))
            var fds = running.filter { $0.process.stdout >= 0 }
                .map { pollfd(fd: $0.process.stdout, events: Int16(POLLIN), revents: 0) }
            if fds.isEmpty {
                usleep(useconds_t(wait) * 1000)
            } else {
                _ = poll(&fds, nfds_t(fds.count), wait)
            }
            var progressed = false
            for entry in running where entry.process.stdout >= 0 {
                let before = entry.process.output.count
                entry.process.readAvailable()
                if entry.process.output.count != before || entry.process.stdout < 0 { progressed = true }
            }
            running.removeAll { entry in
                let (index, helper, process) = entry
                let server = queries[index].server
                if process.overflowed {
                    process.stop()
                    answers[index] = .failure(
                        CredentialHelper.Failure(
                            message: "credential helper \(helper.program) wrote more than "
                                + "\(HelperProcess.maxOutput / 1024) KiB for \(server) and was stopped"))
                    return true
                }
                guard process.reapIfExited() else { return false }
                // Whatever it wrote before exiting is in the pipe now; a child that still holds the pipe is not
                // waited for.
                process.readAvailable()
                process.closeOutput()
                if process.overflowed {
                    answers[index] = .failure(
                        CredentialHelper.Failure(
                            message: "credential helper \(helper.program) wrote more than "
                                + "\(HelperProcess.maxOutput / 1024) KiB for \(server)"))
                } else {
                    let response = HelperResponse.parse(exitCode: process.exitCode ?? -1, output: process.output)
                    answers[index] = helper.outcome(of: response, server: server)
                }
                return true
            }
            pause = progressed ? 1 : min(pause * 2, 32)
        }
        for (index, helper, process) in running {
            let closedOutput = process.sawEndOfOutput
            process.stop()
            let what =
                closedOutput
                ? "closed its output but did not exit within \(secondsText(limit)) for \(queries[index].server)"
                : "did not answer within \(secondsText(limit)) for \(queries[index].server)"
            answers[index] = .failure(
                CredentialHelper.Failure(
                    message: "credential helper \(helper.program) \(what) "
                        + "and was stopped"))
        }
        return answers.map { $0! }
    }

    /// `5 s`, `3 s`, `0.5 s`.
    static func secondsText(_ duration: Duration) -> String {
        let milliseconds =
            Int(duration.components.seconds) * 1000
            + Int(duration.components.attoseconds / 1_000_000_000_000_000)
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        var text = String(Double(milliseconds) / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text + " s"
    }
}
