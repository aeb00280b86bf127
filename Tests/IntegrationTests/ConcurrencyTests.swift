import Foundation
import Testing

/// Issue 4: many references at once give the same verdicts, in the same order, whatever the concurrency.
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct ConcurrencyTests {
    /// 200 references over the open and token registries: existing, missing, private (anonymous on the token
    /// registry), invalid, and repeats.
    static func references(_ lab: Lab) -> [String] {
        let existing = ["public/hello:1.0", "public/hello:oci", "public/multi:1.0", "public/multi:oci", "team/app:v1.3",
                        "team/app:2", "team/sub/deep/app:1", "private/app:1.0"]
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
