import Testing

@testable import RegProbe

/// `--deep` over a scripted registry: what a pull fetches, each failure kind, platform selection, blob redirects,
/// and that no manifest or blob is asked twice in a run.
struct DeepCheckTests {
    /// A small content-addressed registry: manifests by tag and digest, blobs by digest, with faults to inject.
    struct Registry {
        var manifests: [String: (mediaType: String, body: String)] = [:]  // by digest
        var tags: [String: String] = [:]  // tag → digest
        var blobs: [String: Int] = [:]  // digest → size
        var blobAnswers: [String: Result<HTTPResponse, TransportError>] = [:]  // digest → a scripted answer
        var storage: [String: Result<HTTPResponse, TransportError>] = [:]  // URL → answer
        var manifestByDigestAnswers: [String: Result<HTTPResponse, TransportError>] = [:]

        static func digest(_ text: String) -> String { ManifestDigester.digest(Array(text.utf8))! }

        mutating func blob(_ name: String, size: Int = 10) -> String {
            let digest = Self.digest("blob " + name)
            blobs[digest] = size
            return digest
        }

        mutating func image(
            config: String? = nil, configType: String = "application/vnd.oci.image.config.v1+json",
            layers: [String], artifactType: String? = nil, sizes: [String: Int] = [:]
        ) -> String {
            let config = config ?? blob("config-\(layers.joined())", size: 20)
            let layerJSON = layers.map {
                #"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#($0)","size":\#(sizes[$0] ?? blobs[$0] ?? 10)}"#
            }
            let artifact = artifactType.map { #""artifactType":"\#($0)","# } ?? ""
            let body =
                #"{"schemaVersion":2,"mediaType":"\#(MediaType.ociManifest)",\#(artifact)"config":{"mediaType":"\#(configType)","digest":"\#(config)","size":\#(blobs[config] ?? 20)},"layers":[\#(layerJSON.joined(separator: ","))]}"#
            let digest = Self.digest(body)
            manifests[digest] = (MediaType.ociManifest, body)
            return digest
        }

        mutating func index(_ children: [(digest: String, platform: String, attestation: Bool)]) -> String {
            let entries = children.map { child -> String in
                let parts = child.platform.split(separator: "/")
                let annotations =
                    child.attestation ? #","annotations":{"vnd.docker.reference.type":"attestation-manifest"}"# : ""
                let size = manifests[child.digest]?.body.utf8.count ?? 100
                return
                    #"{"mediaType":"\#(MediaType.ociManifest)","digest":"\#(child.digest)","size":\#(size),"platform":{"os":"\#(parts[0])","architecture":"\#(parts[1])"}\#(annotations)}"#
            }
            let body =
                #"{"schemaVersion":2,"mediaType":"\#(MediaType.ociIndex)","manifests":[\#(entries.joined(separator: ","))]}"#
            let digest = Self.digest(body)
            manifests[digest] = (MediaType.ociIndex, body)
            return digest
        }

        func respond(_ request: HTTPRequest) -> Result<HTTPResponse, TransportError> {
            if let stored = storage[request.url] { return stored }
            let path = path(request.url)
            if path == "/v2/" { return answer(200) }
            if let range = path.range(of: "/manifests/") {
                let ref = String(path[range.upperBound...])
                if ref.hasPrefix("sha256:"), let scripted = manifestByDigestAnswers[ref] { return scripted }
                guard let digest = ref.hasPrefix("sha256:") ? ref : tags[ref], let manifest = manifests[digest] else {
                    return answer(404, body: #"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#)
                }
                return answer(
                    200,
                    [
                        ("Content-Type", manifest.mediaType), ("Docker-Content-Digest", digest),
                        ("Content-Length", "\(manifest.body.utf8.count)"),
                    ],
                    body: request.method == .head ? "" : manifest.body)
            }
            if let range = path.range(of: "/blobs/") {
                let digest = String(path[range.upperBound...])
                if let scripted = blobAnswers[digest] { return scripted }
                guard let size = blobs[digest] else { return answer(404) }
                return answer(200, [("Content-Length", "\(size)")])
            }
            return answer(404)
        }
    }

    func run(
        _ registry: Registry, _ images: [String], platforms: [Platform] = [],
        plainHTTP: Bool = false
    ) async -> ([Verdict], ScriptedTransport) {
        let transport = ScriptedTransport { registry.respond($0) }
        let options = CheckOptions(plainHTTP: plainHTTP, retry: RetryPolicy(maxRetries: 0))
        let request = CheckRequest(platforms: platforms, depth: .pull, timeoutSeconds: 5)
        let verdicts = await Checker(options: options, credentials: .anonymous, request: request)
            .check(images, transport: transport)
        return (verdicts, transport)
    }

    @Test func wholeImageAndIndexExist() async {
        var registry = Registry()
        let amd = registry.image(layers: [registry.blob("a1"), registry.blob("shared")])
        let arm = registry.image(layers: [registry.blob("b1"), registry.blob("shared")])
        let attestation = registry.image(layers: [registry.blob("att")])
        registry.tags["multi"] = registry.index([
            (amd, "linux/amd64", false), (arm, "linux/arm64", false),
            (attestation, "unknown/unknown", true),
        ])
        registry.tags["single"] = amd
        registry.tags["again"] = amd
        let (verdicts, transport) = await run(
            registry,
            [
                "reg.example.com/a:multi", "reg.example.com/a:single",
                "reg.example.com/a:again",
            ])
        #expect(verdicts.map(\.status) == [.exists, .exists, .exists], "\(verdicts.map(\.message))")
        #expect(verdicts[0].depth == .pull)
        #expect(verdicts[0].deep?.manifestsVerified == 3 && verdicts[0].deep?.blobsVerified == 6)
        // Each manifest by digest and each blob is asked once in the run, however many images share it; the
        // attestation is never fetched.
        let lines = transport.lines
        #expect(Set(lines).count == lines.count, "a request was made twice: \(lines)")
        #expect(!lines.contains { $0.contains(attestation) })
        #expect(!lines.contains { $0.hasPrefix("GET") && $0.contains("/blobs/") }, "a blob was downloaded")
    }

    @Test func onePlatformFetchesOnlyItsChild() async {
        var registry = Registry()
        let amd = registry.image(layers: [registry.blob("a1")])
        let arm = registry.image(layers: [registry.blob("b1")])
        registry.tags["multi"] = registry.index([(amd, "linux/amd64", false), (arm, "linux/arm64", false)])
        let (verdicts, transport) = await run(
            registry, ["reg.example.com/a:multi"],
            platforms: [Platform(os: "linux", architecture: "arm64")])
        #expect(verdicts[0].status == .exists, "\(verdicts[0].message)")
        #expect(!transport.lines.contains { $0.contains(amd) })
        #expect(verdicts[0].platforms == ["linux/amd64", "linux/arm64"])
        let (missing, _) = await run(
            registry, ["reg.example.com/a:multi"],
            platforms: [Platform(os: "linux", architecture: "s390x")])
        #expect(missing[0].status == .platformMissing)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: Status
        let says: String
        let reason: Reason
        let setUp: @Sendable (inout Registry) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "tag resolves, digest answers 404", expected: .incomplete, says: "answered HTTP 404",
            reason: .manifestMissing
        ) { r in
            let image = r.image(layers: [r.blob("l")])
            r.tags["t"] = image
            r.manifestByDigestAnswers[image] = answer(404)
        },
        Case(
            name: "body does not hash to its digest", expected: .serverError, says: "different manifest",
            reason: .digestMismatch
        ) { r in
            let image = r.image(layers: [r.blob("l")])
            r.tags["t"] = image
            r.manifestByDigestAnswers[image] = answer(200, [("Content-Type", MediaType.ociManifest)], body: "{}")
        },
        Case(
            name: "index child answers 404", expected: .incomplete, says: "the linux/amd64 manifest",
            reason: .manifestMissing
        ) { r in
            let amd = r.image(layers: [r.blob("l")])
            r.tags["t"] = r.index([(amd, "linux/amd64", false)])
            r.manifests[amd] = nil
        },
        Case(name: "OCI artifact", expected: .notAnImage, says: "application/vnd.cncf.helm.chart", reason: .notAnImage)
        { r in
            r.tags["t"] = r.image(
                configType: "application/vnd.oci.empty.v1+json", layers: [r.blob("chart")],
                artifactType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip")
        },
        Case(
            name: "config of another kind", expected: .notAnImage, says: "application/vnd.cncf.helm.config",
            reason: .notAnImage
        ) { r in
            r.tags["t"] = r.image(configType: "application/vnd.cncf.helm.config.v1+json", layers: [r.blob("c")])
        },
        Case(name: "layer blob gone", expected: .incomplete, says: "layer 2 of 2", reason: .blobMissing) { r in
            let gone = r.blob("gone")
            r.tags["t"] = r.image(layers: [r.blob("l"), gone])
            r.blobs[gone] = nil
        },
        Case(name: "config blob gone", expected: .incomplete, says: "the config", reason: .blobMissing) { r in
            let config = r.blob("cfg", size: 20)
            r.tags["t"] = r.image(config: config, layers: [r.blob("l")])
            r.blobs[config] = nil
        },
        Case(
            name: "Content-Length differs", expected: .incomplete, says: "Content-Length 10, its descriptor says 99",
            reason: .blobSizeMismatch
        ) { r in
            let layer = r.blob("l")
            r.tags["t"] = r.image(layers: [layer], sizes: [layer: 99])
        },
        Case(
            name: "Content-Length over the size (containerd pulls it)", expected: .exists,
            says: "what a pull fetches is there", reason: .found
        ) { r in
            let layer = r.blob("l", size: 50)
            r.tags["t"] = r.image(layers: [layer], sizes: [layer: 40])
        },
        Case(
            name: "blob redirect to storage that serves a ranged GET", expected: .exists,
            says: "what a pull fetches is there", reason: .found
        ) { r in
            let layer = r.blob("l")
            r.tags["t"] = r.image(layers: [layer])
            r.blobAnswers[layer] = answer(307, [("Location", "https://storage.example.net/b?sig=1")])
            r.storage["https://storage.example.net/b?sig=1"] = answer(206)
        },
        Case(
            name: "blob redirect to storage that refuses", expected: .incomplete,
            says: "storage at storage.example.net", reason: .storageRefused
        ) { r in
            let layer = r.blob("l")
            r.tags["t"] = r.image(layers: [layer])
            r.blobAnswers[layer] = answer(307, [("Location", "https://storage.example.net/b?sig=1")])
            r.storage["https://storage.example.net/b?sig=1"] = answer(403)
        },
        Case(
            name: "blob redirect to dead storage", expected: .incomplete, says: "did not answer",
            reason: .storageUnreachable
        ) { r in
            let layer = r.blob("l")
            r.tags["t"] = r.image(layers: [layer])
            r.blobAnswers[layer] = answer(307, [("Location", "https://storage.example.net/b?sig=1")])
            r.storage["https://storage.example.net/b?sig=1"] = .failure(
                TransportError(kind: .network, code: 7, message: "Connection refused", url: ""))
        },
        Case(
            name: "blob redirect downgraded to plain HTTP", expected: .serverError, says: "redirected to plain HTTP",
            reason: .redirectDowngrade
        ) { r in
            let layer = r.blob("l")
            r.tags["t"] = r.image(layers: [layer])
            r.blobAnswers[layer] = answer(307, [("Location", "http://storage.example.net/b")])
        },
        Case(name: "foreign layer is noted, not checked", expected: .exists, says: "1 foreign layer", reason: .found) {
            r in
            let layer = r.blob("l")
            let body =
                #"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(r.blob("cfg", size: 20))","size":20},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","digest":"\#(Registry.digest("x"))","size":5,"urls":["https://example.com/x"]},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#(layer)","size":10}]}"#
            let digest = Registry.digest(body)
            r.manifests[digest] = (MediaType.ociManifest, body)
            r.tags["t"] = digest
        },
    ]

    @Test(arguments: cases)
    func failureKinds(_ c: Case) async {
        var registry = Registry()
        c.setUp(&registry)
        let (verdicts, transport) = await run(registry, ["reg.example.com/a:t"])
        #expect(verdicts[0].status == c.expected, "\(verdicts[0].message)")
        #expect(verdicts[0].message.contains(c.says), "\(verdicts[0].message)")
        #expect(verdicts[0].reason == c.reason)
        #expect(!transport.lines.contains { $0.hasPrefix("HEAD https://storage") }, "storage got a HEAD")
        if c.expected != .exists {
            #expect(verdicts[0].deep?.failures.isEmpty == false)
            #expect(RunExitCode.forRun([verdicts[0].status]) != 0)
        }
        // Without --deep a HEAD cannot see any of these.
        let scripted = registry
        let transport2 = ScriptedTransport { scripted.respond($0) }
        let shallow = await Checker(options: CheckOptions(), credentials: .anonymous)
            .check(["reg.example.com/a:t"], transport: transport2)
        #expect(shallow[0].status == .exists && shallow[0].depth == .manifest)
    }

    @Test func storageGetsNoAuthorizationAndARange() async {
        var registry = Registry()
        let layer = registry.blob("l")
        registry.tags["t"] = registry.image(layers: [layer])
        registry.blobAnswers[layer] = answer(307, [("Location", "https://storage.example.net/b?sig=1")])
        registry.storage["https://storage.example.net/b?sig=1"] = answer(206)
        let scripted = registry
        let transport = ScriptedTransport { request in
            if path(request.url) == "/v2/" && request.headers["Authorization"] == nil {
                return answer(401, [("WWW-Authenticate", #"Basic realm="r""#)])
            }
            return scripted.respond(request)
        }
        _ = await Checker(
            options: CheckOptions(), credentials: .fixed(Credential(username: "u", password: "p")),
            request: CheckRequest(depth: .pull)
        )
        .check(["reg.example.com/a:t"], transport: transport)
        let storage = transport.requests.filter { $0.url.hasPrefix("https://storage.example.net") }
        #expect(storage.count == 1)
        #expect(storage.first?.method == .get && storage.first?.headers["Range"] == "bytes=0-0")
        #expect(storage.first?.headers["Authorization"] == nil)
        #expect(transport.requests.contains { $0.url.contains("/blobs/") && $0.headers["Authorization"] != nil })
    }
}
