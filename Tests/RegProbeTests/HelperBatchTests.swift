import Foundation
import Testing

@testable import RegProbe

/// Real helper processes (testdata/credential-helpers), hostile ones included, run by `HelperBatch`: one deadline
/// for output and exit, all at once, and what a failure may say.
struct HelperBatchTests {
    static let helpers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/credential-helpers").path

    static func run(_ queries: [HelperQuery], limit: Duration) -> [HelperBatch.Answer] {
        HelperBatch.runBlocking(
            queries, deadline: ContinuousClock.now + limit, limit: limit,
            path: "\(helpers):/usr/bin:/bin")
    }

    static func message(_ answer: HelperBatch.Answer) -> String {
        if case .failure(let failure) = answer { return failure.message }
        return "(no failure)"
    }

    /// Every kind of helper in one batch: each ends with its own clear answer, and the three that never finish
    /// cost one time limit together, not three.
    @Test func hostileHelpersInOneBatch() {
        let names = [
            "regprobe-close-and-sleep", "regprobe-flood", "regprobe-setsid", "regprobe-leak",
            "regprobe-leak-json", "regprobe-hang", "regprobe-lab", "regprobe-not-installed",
        ]
        var queries = names.map { HelperQuery(helper: $0, server: "127.0.0.1:5000") }
        queries.append(HelperQuery(helper: "regprobe-hang", server: "127.0.0.2:5000"))
        let started = ContinuousClock.now
        let answers = Self.run(queries, limit: .seconds(3))
        let elapsed = ContinuousClock.now - started
        let messages = answers.map(Self.message)

        #expect(
            messages[0] == "credential helper docker-credential-regprobe-close-and-sleep closed its output but did "
                + "not exit within 3 s for 127.0.0.1:5000 and was stopped")
        #expect(
            messages[1] == "credential helper docker-credential-regprobe-flood wrote more than 64 KiB for "
                + "127.0.0.1:5000 and was stopped")
        // The helper exited: its child in a session of its own, holding stdout, is not waited for.
        #expect(
            messages[2] == "credential helper docker-credential-regprobe-setsid failed for 127.0.0.1:5000 "
                + "(exit 1): cannot reach the keychain daemon")
        #expect(
            messages[3] == "credential helper docker-credential-regprobe-leak failed for 127.0.0.1:5000 (exit 1): "
                + #"keychain is locked: \x1B[31munlock it\x1B[0m (4 other lines not shown: they may hold a credential)"#
        )
        #expect(
            messages[4] == "credential helper docker-credential-regprobe-leak-json failed for 127.0.0.1:5000 "
                + "(exit 1); its output is not shown (it may hold a credential)")
        #expect(
            messages[5] == "credential helper docker-credential-regprobe-hang did not answer within 3 s for "
                + "127.0.0.1:5000 and was stopped")
        #expect((try? answers[6].get())??.username == "alice")
        #expect(
            messages[7].hasPrefix(
                "credential helper docker-credential-regprobe-not-installed cannot be run: "
                    + "not found on PATH"))
        #expect(messages[8].contains("did not answer within 3 s for 127.0.0.2:5000"))
        for message in messages {
            #expect(!message.contains("S3CR3T") && !message.contains("LEAK"), "\(message)")
            #expect(!message.contains("\u{1B}"), "\(message)")
        }
        // Three helpers that never finish, 3 s each: one after the other would take 9 s.
        #expect(elapsed < .seconds(7), "took \(elapsed)")
    }

    /// The flood is stopped as soon as it passes 64 KiB, not at the time limit (a generous bound: 30 s limit).
    @Test func floodIsStoppedWithoutWaitingForTheLimit() {
        let started = ContinuousClock.now
        let answers = Self.run([HelperQuery(helper: "regprobe-flood", server: "r")], limit: .seconds(30))
        #expect(Self.message(answers[0]).contains("wrote more than 64 KiB"))
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    /// A name that is not a file name never reaches the file system, and relative PATH entries are not searched.
    @Test func namesAndPathEntries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let invalid = Self.run([HelperQuery(helper: "x/evil", server: "r")], limit: .seconds(3))
        #expect(Self.message(invalid[0]).hasPrefix(#"credential helper name "x/evil" is not allowed"#))
        let relative = HelperBatch.runBlocking(
            [HelperQuery(helper: "regprobe-lab", server: "127.0.0.1:1")],
            deadline: ContinuousClock.now + .seconds(3), limit: .seconds(3),
            path: ".:testdata/credential-helpers:")
        #expect(
            Self.message(relative[0]) == "credential helper docker-credential-regprobe-lab cannot be run: not "
                + #"found on PATH (relative PATH entries such as "." are not searched); install it or remove it from "#
                + "the docker config")
    }

    /// `run` (what the resolver uses) answers from a thread of its own; a batch of nothing starts nothing.
    @Test func asyncRunUsesItsOwnThread() async {
        #expect(await HelperBatch.run([], deadline: .now + .seconds(1), limit: .seconds(1)).isEmpty)
        let answers = await HelperBatch.run(
            [HelperQuery(helper: "x/evil", server: "r")], deadline: .now + .seconds(1),
            limit: .seconds(1))
        #expect(Self.message(answers[0]).contains("is not allowed"))
    }

    @Test func secondsText() {
        #expect(HelperBatch.secondsText(.seconds(5)) == "5 s")
        #expect(HelperBatch.secondsText(.milliseconds(3000)) == "3 s")
        #expect(HelperBatch.secondsText(.milliseconds(500)) == "0.5 s")
        #expect(HelperBatch.secondsText(.milliseconds(1250)) == "1.25 s")
    }
}
