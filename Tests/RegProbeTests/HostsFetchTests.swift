import Foundation
import Testing

@testable import RegProbe

/// `--hosts-dir` with `--deep`: manifests and blobs are fetched as containerd's fetcher fetches them, each host in
/// order, a 404 moving on to the next (https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/fetcher.go).
struct HostsFetchTests {
    @Test func aBlobTheMirrorLacksIsFetchedFromTheNextHost() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-hosts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("reg.example.com")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(
            """
            server = "https://reg.example.com"
            [host."https://mirror.example.com"]
              capabilities = ["pull", "resolve"]
            """.utf8
        ).write(to: directory.appendingPathComponent("hosts.toml"))

        var upstream = DeepCheckTests.Registry()
        let layer = upstream.blob("layer")
        upstream.tags["t"] = upstream.image(layers: [layer])
        var mirror = upstream
        mirror.blobs[layer] = nil  // the mirror holds the manifest and the config, not the layer
        let (scriptedMirror, scriptedUpstream) = (mirror, upstream)
        let transport = ScriptedTransport { request in
            var stripped = request
            stripped.url = String(request.url.prefix { $0 != "?" })
            return request.url.hasPrefix("https://mirror.example.com/")
                ? scriptedMirror.respond(stripped) : scriptedUpstream.respond(stripped)
        }
        var options = CheckOptions(retry: RetryPolicy(maxRetries: 0))
        options.hostsDirectory = root.path
        let verdicts = await Checker(options: options, credentials: .anonymous, request: CheckRequest(depth: .pull))
            .check(["reg.example.com/a:t"], transport: transport)

        #expect(verdicts[0].status == .exists, "\(verdicts[0].message)")
        #expect(verdicts[0].endpoint == "https://mirror.example.com/v2")
        let layerHeads = transport.requests.filter { $0.method == .head && $0.url.contains("/blobs/\(layer)") }
        #expect(
            layerHeads.map { String($0.url.prefix { $0 != "?" }) } == [
                "https://mirror.example.com/v2/a/blobs/\(layer)", "https://reg.example.com/v2/a/blobs/\(layer)",
            ])
        #expect(layerHeads.first?.url.hasSuffix("?ns=reg.example.com") == true, "a mirror is asked with ?ns=")
    }
}
