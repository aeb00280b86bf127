// swift-floor-task URL [--ca-file F]: the Swift floor in regprobe's shape: a synchronous entry point that runs a
// task on Swift's global executor and waits for it; the task awaits the libcurl HEAD done on a thread of its own,
// as regprobe's engine does. Its difference from swift-floor is what that shape costs, before any of regprobe's
// own work.
import ArgumentParser
import CFloor
import Dispatch

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What the request thread needs, and how it answers.
final class HeadJob: @unchecked Sendable {
    let url: String
    let caFile: String?
    let answer: CheckedContinuation<Int, Never>

    init(url: String, caFile: String?, answer: CheckedContinuation<Int, Never>) {
        self.url = url
        self.caFile = caFile
        self.answer = answer
    }
}

/// The task's result, handed to the waiting main thread.
final class Outcome: @unchecked Sendable {
    var status = 0
    let done = DispatchSemaphore(value: 0)
}

@main
struct SwiftFloorTask: ParsableCommand {
    @Argument(help: "URL to HEAD") var url: String
    @Option(help: "The only CA trusted for an https URL") var caFile: String?

    func run() throws {
        let started = Date()
        let outcome = Outcome()
        let url = self.url
        let caFile = self.caFile
        Task.detached {
            outcome.status = await Self.head(url: url, caFile: caFile)
            outcome.done.signal()
        }
        outcome.done.wait()
        let elapsed = Int(Date().timeIntervalSince(started) * 1000)
        print("\(outcome.status) in \(elapsed) ms")
        if outcome.status <= 0 { throw ExitCode(1) }
    }

    static func head(url: String, caFile: String?) async -> Int {
        await withCheckedContinuation { (answer: CheckedContinuation<Int, Never>) in
            let job = Unmanaged.passRetained(HeadJob(url: url, caFile: caFile, answer: answer)).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(
                &thread, nil,
                { raw in
                    let job = Unmanaged<HeadJob>.fromOpaque(raw!).takeRetainedValue()
                    job.answer.resume(returning: floor_head(job.url, job.caFile))
                    return nil
                }, job)
            if created != 0 {
                Unmanaged<HeadJob>.fromOpaque(job).release()
                answer.resume(returning: -1)
            } else {
                pthread_detach(thread)
            }
        }
    }
}
