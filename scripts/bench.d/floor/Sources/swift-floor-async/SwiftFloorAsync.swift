// swift-floor-async URL [--ca-file F]: the Swift floor with regprobe's shape: an async command (Swift concurrency)
// that awaits the libcurl HEAD done on a thread of its own, as regprobe's engine does. Its difference from
// swift-floor is what that architecture costs, before any of regprobe's own work.
import ArgumentParser
import CFloor
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

@main
struct SwiftFloorAsync: AsyncParsableCommand {
    @Argument(help: "URL to HEAD") var url: String
    @Option(help: "The only CA trusted for an https URL") var caFile: String?

    func run() async throws {
        let started = Date()
        let status = await withCheckedContinuation { (answer: CheckedContinuation<Int, Never>) in
            let job = Unmanaged.passRetained(HeadJob(url: url, caFile: caFile, answer: answer)).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { raw in
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
        let elapsed = Int(Date().timeIntervalSince(started) * 1000)
        print("\(status) in \(elapsed) ms")
        if status <= 0 { throw ExitCode(1) }
    }
}
