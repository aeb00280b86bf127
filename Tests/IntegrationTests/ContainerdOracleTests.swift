import Foundation
import Testing

/// containerd as the oracle for "will it pull": every row of `PullCases.all` is pulled by the lab's containerd
/// (`scripts/lab/containerd.sh`, a namespace per pull, content isolated per namespace) and checked by the built
/// `regprobe`; both verdicts are printed, so a reader of the test output sees containerd's own words. regprobe's
/// default mode says `exists` for every broken image whose tag resolves: the table records that gap.
@Suite(.enabled(if: Containerd.available || Lab.required, "no containerd in the lab: run scripts/test as root"))
struct ContainerdOracleTests {
    struct Setup {
        let lab: Lab
        let images: PullImages
        let containerd: Containerd
    }

    func setUp() throws -> Setup {
        let lab = try #require(Lab.shared, "no lab: run scripts/test, which starts it")
        let images = try #require(PullImages.shared, "lab.env names no readable LAB_PULL_SEED / LAB_PULL_FIXTURE")
        let containerd = try #require(
            Containerd(lab: lab),
            "the lab runs no containerd (no LAB_CONTAINERD_SOCK): run scripts/test as root")
        return Setup(lab: lab, images: images, containerd: containerd)
    }

    @Test(arguments: PullCases.all)
    func verdicts(_ pullCase: PullCase) throws {
        let s = try setUp()
        let pull = try pullCase.pull(with: s.containerd, s.lab, s.images)
        print("containerd ▸ \(pullCase.name): \(pull)")
        switch pullCase.containerd {
        case .pulls:
            #expect(pull.pulled, "containerd refused \(pullCase.name): \(pull.error) (log: \(pull.logPath))")
            if pull.pulled, let platform = pullCase.platform {
                let log = try String(contentsOfFile: pull.logPath, encoding: .utf8)
                #expect(log.contains("unpacking \(platform) "), "containerd did not unpack \(platform): \(log)")
            }
        case .refused(let because):
            #expect(!pull.pulled, "containerd pulled \(pullCase.name) (log: \(pull.logPath))")
            for text in because(s.lab, s.images) {
                #expect(pull.error.contains(text), "containerd's error lacks \"\(text)\": \(pull.error)")
            }
        }

        let run = try RegProbeBinary.run(pullCase.regprobeArguments(s.lab, s.images), stdin: pullCase.regprobeStdin)
        print("regprobe   ▸ \(pullCase.name): \(run.status() ?? "no status") — \(run.field("message") ?? "")")
        #expect(run.status() == pullCase.regprobe, "\(run.stdout) \(run.stderr)")

        // regprobe --deep: `exists` exactly when containerd pulls. Both verdicts are shown when they differ.
        let deep = try RegProbeBinary.run(
            ["--deep"] + pullCase.regprobeArguments(s.lab, s.images),
            stdin: pullCase.regprobeStdin)
        let deepStatus = deep.status() ?? "no status"
        print(
            "regprobe --deep ▸ \(pullCase.name): \(deepStatus) (\(deep.field("reason") ?? "")) — \(deep.field("message") ?? "")"
        )
        #expect(
            (deepStatus == "exists") == pull.pulled,
            """
            regprobe --deep and containerd disagree on \(pullCase.name):
              containerd: \(pull.pulled ? "pulls" : "refuses: \(pull.error)")
              regprobe --deep: \(deepStatus): \(deep.field("message") ?? deep.stdout)
            """)
        #expect(deep.field("depth") as? String == "pull")

        if let password = pullCase.credentials?.password {
            let log = try String(contentsOfFile: pull.logPath, encoding: .utf8)
            for (label, text) in [
                ("containerd's error", pull.error), ("the pull log", log),
                ("regprobe's stdout", run.stdout), ("regprobe's stderr", run.stderr),
                ("regprobe --deep's stdout", deep.stdout), ("regprobe --deep's stderr", deep.stderr),
            ] {
                #expect(!text.contains(password), "\(label) shows the password")
            }
        }
    }

    /// Two pulls of one image fetch its blobs twice: no pull is answered from another's content (the daemon's
    /// `content_sharing_policy = "isolated"`, a namespace per pull). Otherwise a broken blob could hide behind a
    /// copy fetched earlier. `pull/twice` is pulled by this test only; the fixture logs a request before answering.
    @Test func noPullReusesAnotherPullsBlobs() throws {
        let s = try setUp()
        let entry = s.images["pull/twice:1"]
        let layer = try #require(entry.layers?.first?.digest, "no layer described for pull/twice:1")
        let line = "GET /v2/pull/twice/blobs/\(layer) 200"
        func fetched() throws -> Int {
            try String(contentsOfFile: s.lab["LAB_FIXTURE_LOG"], encoding: .utf8).split(separator: "\n")
                .filter { $0 == line }.count
        }
        let before = try fetched()
        let first = try s.containerd.pull("\(s.lab.fixture)/pull/twice:1")
        let afterFirst = try fetched()
        let second = try s.containerd.pull("\(s.lab.fixture)/pull/twice@\(entry.digest)")
        let afterSecond = try fetched()
        print("containerd ▸ pull/twice: \(first) in \(first.namespace); \(second) in \(second.namespace)")
        #expect(first.pulled && second.pulled, "\(first) / \(second)")
        #expect(first.namespace != second.namespace)
        #expect(
            afterFirst == before + 1 && afterSecond == afterFirst + 1,
            "layer GETs: \(before) → \(afterFirst) → \(afterSecond)")
    }

    /// The `--user` password is never shown: a reference that contains it comes back as `***` in the error and in
    /// the log, while containerd's verdict is still reported.
    @Test func thePasswordIsRedacted() throws {
        let s = try setUp()
        let pull = try s.containerd.pull("\(s.lab.basic)/alicepw/app:1", tls: true, user: "alice:alicepw")
        print("containerd ▸ a reference holding the password: \(pull)")
        let log = try String(contentsOfFile: pull.logPath, encoding: .utf8)
        #expect(!pull.pulled)
        #expect(pull.error.contains("/***/app:1") && pull.error.contains("not found"), "\(pull.error)")
        #expect(!pull.error.contains("alicepw") && !log.contains("alicepw"))
        #expect(log.contains("/***/app:1"), "\(log)")
    }

    /// The harness asks only about loopback registries, and says so rather than giving a verdict.
    @Test func onlyLoopbackRegistries() throws {
        let s = try setUp()
        #expect {
            _ = try s.containerd.pull("registry.example.com/team/app:1")
        } throws: { error in
            guard let failure = error as? Containerd.HarnessFailure else { return false }
            return failure.exitCode == 3 && failure.output.contains("not on a loopback registry")
        }
    }
}
