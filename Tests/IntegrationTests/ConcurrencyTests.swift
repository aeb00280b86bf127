import Foundation
import Testing

/// Issue 4: many references at once give the same verdicts, in the same order, whatever the concurrency.
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct ConcurrencyTests {
    /// 200 references over the open and token registries: existing, missing, private (anonymous on the token
    /// registry), invalid, and repeats.
    static func references(_ lab: Lab) -> [String] {
        let existing = [
            "public/hello:1.0", "public/hello:oci", "public/multi:1.0", "public/multi:oci", "team/app:v1.3",
            "team/app:2", "team/sub/deep/app:1", "private/app:1.0",
        ]
        return (0..<200).map { i in
            let registry = i % 2 == 0 ? lab.open : lab.token
            switch i % 5 {
            case 0, 1: return "\(registry)/\(existing[i % existing.count])"
            case 2: return "\(registry)/public/hello:missing-\(i)"
            case 3: return "\(lab.token)/private/app:\(i % 3 == 0 ? "1.0" : "nope-\(i)")"
            default: return i % 10 == 4 ? "\(registry)/Invalid/Name-\(i)" : "\(registry)/public/nothere\(i):1"
            }
        }
    }

    @Test func sameVerdictsWithOneJobAndWithThirtyTwo() throws {
        let lab = try #require(Lab.shared)
        let images = Self.references(lab)
        let one = try RegProbeBinary.run(["-o", "json", "--jobs", "1", "--ca-file", lab.ca] + images, timeout: 120)
        let many = try RegProbeBinary.run(["-o", "json", "--jobs", "32", "--ca-file", lab.ca] + images, timeout: 120)
        #expect(one.results.count == 200 && many.results.count == 200)
        #expect(one.results.map { $0["image"] as? String } == images)
        #expect(many.results.map { $0["image"] as? String } == images)
        let statuses = one.results.map { $0["status"] as? String ?? "" }
        #expect(statuses == many.results.map { $0["status"] as? String ?? "" })
        #expect(one.results.map { $0["digest"] as? String } == many.results.map { $0["digest"] as? String })
        #expect(one.results.map { $0["message"] as? String } == many.results.map { $0["message"] as? String })
        #expect(Set(statuses) == ["exists", "not-found", "unauthorized", "invalid-reference"], "\(Set(statuses))")
        #expect(one.exitCode == 4 && many.exitCode == 4)
    }

    @Test func textStreamsInTheOrderGiven() throws {
        let lab = try #require(Lab.shared)
        let images = Array(Self.references(lab).prefix(60))
        let run = try RegProbeBinary.run(["--jobs", "16", "--ca-file", lab.ca] + images, timeout: 120)
        let lines = run.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(lines.count == images.count)
        for (line, image) in zip(lines, images) {
            #expect(line.dropFirst(2).hasPrefix(image), "\(line)")
        }
        #expect(!run.stderr.contains("["), "no progress line when stderr is not a terminal")
    }
}

/// Issue 4's request budget, read from the real registry's own access log and the token server's log: for N tags
/// of one repository under token auth, 1 ping + 1 token request + N HEADs. team/counted/r00 (10 tags, seeded by
/// lab.sh) is read by this test only, so its log lines can be counted exactly.
@Suite(
    .enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"),
    .serialized)
struct RequestBudgetTests {
    static func lines(_ path: String, containing needle: String) -> Int {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
            .filter { $0.contains(needle) }.count
    }

    @Test func nTagsOfOneRepositoryCostNPlusTwoRequests() throws {
        let lab = try #require(Lab.shared)
        let registryLog = lab["LAB_REGISTRY_LOG_TOKEN"]
        let tokenLog = lab["LAB_TOKEN_LOG"]
        // Access-log lines (combined format) by regprobe for this repository; token lines by alice for its scope.
        let manifestNeedle = "/v2/team/counted/r00/manifests/"
        let before = (
            Self.lines(registryLog, containing: "\"HEAD \(manifestNeedle)"),
            Self.lines(tokenLog, containing: "team%2Fcounted%2Fr00%3Apull 200 user=alice")
        )
        let images = (0..<10).map { "\(lab.token)/team/counted/r00:t\(String(format: "%03d", $0))" }
        let run = try RegProbeBinary.run(
            ["-v", "-u", "alice", "--password-stdin", "--ca-file", lab.ca] + images, stdin: "alicepw")
        #expect(run.exitCode == 0, "\(run.stdout)")
        // The logs are written before the answers are sent; nothing to wait for.
        let heads = Self.lines(registryLog, containing: "\"HEAD \(manifestNeedle)") - before.0
        let tokens = Self.lines(tokenLog, containing: "team%2Fcounted%2Fr00%3Apull 200 user=alice") - before.1
        #expect(heads == 10, "one HEAD per tag in the registry's access log")
        #expect(tokens == 1, "one token request in the token server's log")
        let summary = run.stderr.split(separator: "\n").last.map(String.init) ?? ""
        // The registry is TLS on loopback: it first gets the plain-HTTP probe every loopback registry gets, which
        // it refuses with 400 before any handler (no access-log line), then 1 ping + 10 HEADs; 1 token request.
        #expect(
            summary.hasPrefix("requests: 13 (\(lab.token) 12, "),
            "probe + 1 ping + 10 HEADs to the registry, 1 token: \(summary)")
    }

    /// `--deep` over the real registry: 1 ping, 1 token, per image one HEAD and one GET by digest (each distinct
    /// digest once), one HEAD per distinct blob, no blob downloaded, nothing asked twice.
    @Test func deepChecksAskEachManifestAndBlobOnce() throws {
        let lab = try #require(Lab.shared)
        let registryLog = lab["LAB_REGISTRY_LOG_TOKEN"]
        let tokenLog = lab["LAB_TOKEN_LOG"]
        let repository = "/v2/team/counted/r00/"
        let old = ((try? String(contentsOfFile: registryLog, encoding: .utf8)) ?? "").count
        let tokensBefore = Self.lines(tokenLog, containing: "team%2Fcounted%2Fr00%3Apull 200 user=alice")
        let images = (0..<10).map { "\(lab.token)/team/counted/r00:t\(String(format: "%03d", $0))" }
        let run = try RegProbeBinary.run(
            ["-o", "json", "--deep", "-u", "alice", "--password-stdin", "--ca-file", lab.ca]
                + images, stdin: "alicepw")
        #expect(run.exitCode == 0, "\(run.stdout)")
        #expect((0..<10).allSatisfy { run.field("depth", $0) as? String == "pull" })
        let digests = Set((0..<10).compactMap { run.field("digest", $0) as? String })
        let text = String(((try? String(contentsOfFile: registryLog, encoding: .utf8)) ?? "").dropFirst(old))
        let requests = text.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.range(of: "\"HEAD \(repository)") ?? line.range(of: "\"GET \(repository)") else {
                return nil
            }
            return line[start.lowerBound...].split(separator: " ").prefix(2).joined(separator: " ")
        }
        let heads = requests.filter { $0.hasPrefix("\"HEAD \(repository)manifests/") }
        let byDigest = requests.filter { $0.hasPrefix("\"GET \(repository)manifests/sha256:") }
        let blobHeads = requests.filter { $0.hasPrefix("\"HEAD \(repository)blobs/") }
        #expect(heads.count == 10, "one resolve per tag: \(heads)")
        #expect(byDigest.count == digests.count && Set(byDigest).count == byDigest.count, "\(byDigest)")
        #expect(!blobHeads.isEmpty && Set(blobHeads).count == blobHeads.count, "each blob once: \(blobHeads)")
        #expect(!requests.contains { $0.hasPrefix("\"GET \(repository)blobs/") }, "a blob was downloaded")
        #expect(requests.count == heads.count + byDigest.count + blobHeads.count, "\(requests)")
        let tokens = Self.lines(tokenLog, containing: "team%2Fcounted%2Fr00%3Apull 200 user=alice") - tokensBefore
        #expect(tokens == 1)
    }
}
