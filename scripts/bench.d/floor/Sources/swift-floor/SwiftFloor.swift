// swift-floor URL [--ca-file F]: the Swift floor of scripts/bench: the same libcurl HEAD as the C floor, from a
// static-stdlib Swift program that parses its arguments with ArgumentParser and uses FoundationEssentials (the
// issue's "Swift with ArgumentParser + FoundationEssentials + libcurl").
import ArgumentParser
import CFloor

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@main
struct SwiftFloor: ParsableCommand {
    @Argument(help: "URL to HEAD") var url: String
    @Option(help: "The only CA trusted for an https URL") var caFile: String?

    func run() throws {
        let started = Date()
        let status = floor_head(url, caFile)
        let elapsed = Int(Date().timeIntervalSince(started) * 1000)
        print("\(status) in \(elapsed) ms")
        if status <= 0 { throw ExitCode(1) }
    }
}
