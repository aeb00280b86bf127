import Foundation
import RegProbe
import Testing

/// containerd as the oracle for hosts.toml: each row of ``HostsCases/all`` writes a hosts directory, pulls the image
/// with `ctr images pull --hosts-dir DIR` (the lab's containerd 1.6.20), and compares containerd's verdict with the
/// prediction made from ``HostsResolver``'s list of hosts: the hosts asked to resolve the reference, in order, each
/// asked the real request containerd sends (`HEAD <path>/<repo>/manifests/<ref>?ns=...`, then `blobs/` for a
/// digest); the first 200 answers, a 404 moves on, an error moves on. When a mirror or server is predicted to answer,
/// its access log must show containerd's request to it.
@Suite(.enabled(if: Containerd.available || Lab.required, "no containerd in the lab: run scripts/test as root"))
struct ContainerdHostsTests {
    /// containerd's `Accept` when resolving (resolver.go `NewResolver`).
    static let accept = [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json", "*/*",
    ].joined(separator: ", ")

    struct Prediction: CustomStringConvertible {
        let configuration: HostsConfiguration
        /// The host that answered, with its role; nil when none did.
        let answered: HostsEndpoint?
        /// What each host asked said: `URL → status` (`000`: no connection).
        let trail: [String]

        var description: String {
            "\(answered.map { "\($0.role) \($0.url?.string ?? $0.host) answers" } ?? "no host answers") ["
                + trail.joined(separator: "; ") + "]"
        }
    }

    /// The hosts containerd asks, in order, and which one answers.
    static func predict(reference: String, hostsDirectory: String) throws -> Prediction {
        let slash = try #require(reference.firstIndex(of: "/"))
        let registry = String(reference[..<slash])
        let rest = reference[reference.index(after: slash)...]
        let byDigest = rest.contains("@")
        let separator = try #require(byDigest ? rest.firstIndex(of: "@") : rest.lastIndex(of: ":"))
        let repository = String(rest[..<separator])
        let object = String(rest[rest.index(after: separator)...])
        let configuration = try HostsResolver.configuration(registry: registry, root: hostsDirectory)
        var trail: [String] = []
        // Resolve: manifests on every host, then (by digest) blobs on every host.
        for kind in byDigest ? ["manifests", "blobs"] : ["manifests"] {
            for endpoint in configuration.resolveEndpoints(byDigest: byDigest) {
                guard
                    let url = endpoint.requestURL(
                        repository: repository, kind: kind, reference: object, registry: registry)
                else {
                    trail.append("\(endpoint.host): no URL")
                    continue
                }
                let run = try RegProbeBinary.runCommand(
                    "/usr/bin/curl",
                    [
                        "-s", "-o", "/dev/null", "-w", "%{http_code}", "-I", "--noproxy", "*", "--max-time", "10",
                        "-H", "Accept: \(accept)", url.string,
                    ])
                trail.append("\(url.string) → \(run.stdout)")
                if run.stdout == "200" {
                    return Prediction(configuration: configuration, answered: endpoint, trail: trail)
                }
            }
        }
        return Prediction(configuration: configuration, answered: nil, trail: trail)
    }

    @Test(arguments: HostsCases.all)
    func verdicts(_ hostsCase: HostsCase) throws {
        let lab = try #require(Lab.shared, "no lab: run scripts/test, which starts it")
        let containerd = try #require(
            Containerd(lab: lab), "the lab runs no containerd (no LAB_CONTAINERD_SOCK): run scripts/test as root")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("regprobe-hosts-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (path, text) in hostsCase.files(lab) {
            let file = URL(fileURLWithPath: directory).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let reference = hostsCase.reference(lab)

        let prediction = try Self.predict(reference: reference, hostsDirectory: directory)
        print("hosts      ▸ \(hostsCase.name): \(prediction)")
        #expect(prediction.configuration.ignoredFile?.kind == hostsCase.ignored, "\(prediction.configuration)")

        let mirrorLog = lab["LAB_REGISTRY_LOG_MIRROR"]
        let before = (try? String(contentsOfFile: mirrorLog, encoding: .utf8))?.count ?? 0
        let pull = try containerd.pull(reference, hostsDirectory: directory)
        print("containerd ▸ \(hostsCase.name): \(pull)")

        #expect(pull.pulled == hostsCase.pulls, "containerd: \(pull) (log: \(pull.logPath))")
        #expect(
            (prediction.answered != nil) == pull.pulled,
            """
            the hosts list and containerd disagree on \(hostsCase.name):
              containerd: \(pull.pulled ? "pulls" : "refuses: \(pull.error)")
              prediction: \(prediction)
            """)
        #expect(prediction.answered.map { HostsCase.Answer($0.role) } == hostsCase.answer, "\(prediction)")

        // The mirror answered: containerd asked it, with `?ns=` naming the reference's registry.
        if let answered = prediction.answered, answered.host == lab["LAB_MIRROR"] {
            let log = try String(contentsOfFile: mirrorLog, encoding: .utf8)
            let registry = String(reference.prefix { $0 != "/" })
            let asked = log.dropFirst(before).split(separator: "\n").filter {
                $0.contains("/manifests/") || $0.contains("/blobs/")
            }
            #expect(
                asked.contains { $0.contains("?ns=\(registry.replacingOccurrences(of: ":", with: "%3A"))") },
                "the mirror's log shows no request from containerd: \(asked)")
        }

        // regprobe --hosts-dir says `exists` exactly when containerd pulls, and names the host that answered.
        let run = try RegProbeBinary.run(["--hosts-dir", directory, "-o", "json", "--timeout", "15", reference])
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let result = try #require((object?["results"] as? [[String: Any]])?.first, "regprobe: \(run.stdout)")
        let status = result["status"] as? String ?? "?"
        let endpoint = result["endpoint"] as? String
        let tried = (result["endpointsTried"] as? [[String: Any]] ?? []).map { "\($0["endpoint"] ?? "?")" }
        print("regprobe   ▸ \(hostsCase.name): \(status) via \(endpoint ?? "none") (left: \(tried))")
        #expect(
            (status == "exists") == pull.pulled,
            """
            regprobe and containerd disagree on \(hostsCase.name):
              containerd: \(pull.pulled ? "pulls" : "refuses: \(pull.error)")
              regprobe:   \(status): \(result["message"] ?? "")
            """)
        if pull.pulled {
            #expect(endpoint == prediction.answered?.url?.string, "the host that answered: \(result)")
        }
    }
}
