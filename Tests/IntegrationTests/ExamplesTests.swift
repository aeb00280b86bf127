import Foundation
import Testing

/// examples/: the GitLab CI job parses (python3-yaml), `regprobe scan` reads it without a problem, and it writes
/// the JUnit report it declares; the plain shell example runs against the lab and writes a JUnit report.
@Suite struct ExamplesTests {
    static let examples = Shipping.root + "/examples"

    @Test func gitlabJobWiresTheJUnitReport() throws {
        let documents = try Shipping.yamlDocuments(Self.examples + "/gitlab-ci.yml")
        let pipeline = try #require(documents.first as? [String: Any])
        let job = try #require(pipeline["regprobe"] as? [String: Any])
        let report = try #require(
            ((job["artifacts"] as? [String: Any])?["reports"] as? [String: Any])?["junit"] as? String)
        #expect((job["artifacts"] as? [String: Any])?["when"] as? String == "always")
        let script = (job["script"] as? [String] ?? []).joined(separator: "\n")
        #expect(script.contains("regprobe scan -o junit"), "\(script)")
        #expect(script.contains("> \(report)"), "the job does not write \(report): \(script)")

        let scan = try RegProbeBinary.run(["scan", "-o", "json", Self.examples + "/gitlab-ci.yml"])
        #expect(scan.exitCode == 0, "\(scan.stdout) \(scan.stderr)")
        #expect(scan.stdout.contains("\"problems\" : [\n\n  ]"), "\(scan.stdout)")
    }

    @Test(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
    func shellExampleWritesJUnit() throws {
        let lab = try #require(Lab.shared)
        let syntax = try Shipping.run("/bin/sh", ["-n", Self.examples + "/ci.sh"])
        #expect(syntax.exitCode == 0, "\(syntax.stderr)")

        let work = try Shipping.temporaryDirectory("ci-example")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/deploy", withIntermediateDirectories: true)
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                    - {name: web, image: "\(lab.open)/public/hello:1.0"}
                    - {name: gone, image: "\(lab.open)/public/hello:no-such-tag"}
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: work + "/deploy/app.yaml"))
        let bin = URL(fileURLWithPath: RegProbeBinary.path).deletingLastPathComponent().path
        let run = try RegProbeBinary.run(
            [Self.examples + "/ci.sh"],
            environment: [
                "PATH": "\(bin):/usr/bin:/bin", "IMAGES": "\(lab.open)/public/hello:1.0 \(lab.open)/team/app:v1.3",
                "MANIFESTS": "deploy/", "REPORT": "report.xml",
            ], executable: "/bin/sh", directory: work)
        // The missing tag fails the scan (1: not found); the images exist.
        #expect(run.exitCode == 1, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("\(lab.open)/team/app:v1.3"), "\(run.stdout)")
        let xml = try String(contentsOfFile: work + "/report.xml", encoding: .utf8)
        let parsed = try Shipping.run(
            "/usr/bin/python3",
            [
                "-c",
                "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); "
                    + "print(r.get('tests'), r.get('failures'), len(list(r.iter('testcase'))))",
                work + "/report.xml",
            ])
        #expect(parsed.stdout == "2 1 2\n", "\(parsed.stdout) \(parsed.stderr) \(xml)")
    }
}
