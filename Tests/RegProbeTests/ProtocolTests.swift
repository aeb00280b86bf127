import Testing

@testable import RegProbe

/// The handshake and the manifest probe against scripted answers: which requests go out, in which order,
/// with which headers, and what each answer turns into.
struct ProtocolTests {
    static let manifest =
        #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{},"layers":[]}"#
    static let manifestDigest = ManifestDigester.digest(Array(manifest.utf8))!

    func check(
        _ images: [String], credential: Credential? = nil, options: CheckOptions = CheckOptions(),
        _ handler: @escaping ScriptedTransport.Handler
    ) async -> ([Verdict], ScriptedTransport) {
        let transport = ScriptedTransport(handler)
        var credentialOptions = CredentialOptions()
        if let credential {
            credentialOptions.username = credential.username
            credentialOptions.password = credential.password
        }
        let resolver = try! CredentialResolver.load(credentialOptions, exists: { _ in false })
        let verdicts = await Checker(options: options, credentials: resolver).check(images, transport: transport)
        return (verdicts, transport)
    }

    @Test func openRegistryOneHeadWithTheFullAcceptList() async {
        let (verdicts, transport) = await check(["reg.example.com/a/b:1"]) { request in
            switch (request.method, path(request.url)) {
            case (.get, "/v2/"): return answer(200)
            case (.head, "/v2/a/b/manifests/1"):
                return answer(
                    200,
                    [
                        ("Docker-Content-Digest", Self.manifestDigest),
                        ("Content-Type", MediaType.dockerManifest), ("Content-Length", "120"),
                    ])
            default: return answer(500)
            }
        }
        #expect(
            transport.lines == ["GET https://reg.example.com/v2/", "HEAD https://reg.example.com/v2/a/b/manifests/1"])
        #expect(transport.requests[1].headers.values("Accept") == [MediaType.acceptHeader])
        #expect(transport.requests[1].headers["Authorization"] == nil)
        #expect(verdicts[0].status == .exists)
        #expect(verdicts[0].digest == Self.manifestDigest)
        #expect(verdicts[0].size == 120)
    }

    /// A reference read as kubelet reads it may have a port above 65535: every attempt ends in network-error at
    /// once, with the reason, and no request is made (none could be).
    @Test func aPortAbove65535SendsNothing() async throws {
        let reference = try ImageReference.parseAsNormalizedNamed("reg.example.com:65536/a:1").get()
        let transport = ScriptedTransport { _ in answer(200) }
        let attempts = [
            CredentialAttempt(
                credential: Credential(username: "alice", password: "pw-alice-s3cret"),
                source: .flags),
            CredentialAttempt.anonymous,
        ]
        let checker = Checker(
            options: CheckOptions(),
            credentials: try CredentialResolver.load(CredentialOptions(), exists: { _ in false }))
        let verdicts = await checker.run(
            [CheckItem(reference: reference, attempts: attempts)],
            transport: transport
        ).attempts
        #expect(transport.lines.isEmpty)
        #expect(verdicts.first?.map(\.status) == [.networkError, .networkError])
        #expect(verdicts.first?.map(\.credentialSource) == [.flags, .anonymous])
        #expect(verdicts.first?.first?.message.contains("port 65536 is above 65535") == true)
        #expect(verdicts.first?.first?.message.contains("nothing was sent") == true)
        #expect(verdicts.first?.first?.reason == .invalidPort)
    }

    /// One entry point for every shape of work: an (image, credential) attempt that several items need is made
    /// once (two pods naming one image with overlapping candidate lists), identical items fold, and each item gets
    /// its attempts in its own order, stopping at the first success.
    @Test func identicalAttemptsAreMadeOnce() async throws {
        let reference = try ImageReference.parseAsNormalizedNamed("reg.example.com/a:1").get()
        let alice = CredentialAttempt(credential: Credential(username: "alice", password: "pw-a"), source: .flags)
        let bob = CredentialAttempt(credential: Credential(username: "bob", password: "pw-b"), source: .flags)
        let transport = ScriptedTransport { request in
            if path(request.url) == "/v2/" {
                return request.headers["Authorization"] == nil
                    ? answer(401, [("WWW-Authenticate", #"Basic realm="r""#)]) : answer(200)
            }
            // Only bob may pull.
            guard request.headers["Authorization"] == "Basic Ym9iOnB3LWI=" else { return answer(401) }  // bob:pw-b
            return answer(
                200, [("Docker-Content-Digest", Self.manifestDigest), ("Content-Type", MediaType.dockerManifest)])
        }
        let checker = Checker(
            options: CheckOptions(),
            credentials: try CredentialResolver.load(CredentialOptions(), exists: { _ in false }))
        let run = await checker.run(
            [
                CheckItem(reference: reference, attempts: [alice, bob]),
                CheckItem(reference: reference, attempts: [alice]),
                CheckItem(reference: reference, attempts: [alice, bob]),
            ],
            transport: transport)
        #expect(
            run.attempts.map { $0.map(\.status) } == [
                [.unauthorized, .exists], [.unauthorized], [.unauthorized, .exists],
            ])
        #expect(run.verdicts.map(\.status) == [.exists, .unauthorized, .exists])
        let heads = transport.requests.filter { $0.method == .head }
        // alice's HEAD once (shared by all three items), bob's once (the first and third items fold).
        #expect(heads.count == 2)
    }

    /// A `_` host kubelet accepts (distribution reads the whole name as a path) is dialled as written.
    @Test func aHostOutsideTheDomainGrammarIsDialledAsWritten() async throws {
        let reference = try ImageReference.parseAsNormalizedNamed("my_registry.example.com/team/a:1").get()
        let transport = ScriptedTransport { request in
            switch (request.method, path(request.url)) {
            case (.get, "/v2/"): return answer(200)
            case (.head, "/v2/team/a/manifests/1"):
                return answer(
                    200,
                    [
                        ("Docker-Content-Digest", Self.manifestDigest),
                        ("Content-Type", MediaType.dockerManifest),
                    ])
            default: return answer(500)
            }
        }
        let checker = Checker(
            options: CheckOptions(),
            credentials: try CredentialResolver.load(CredentialOptions(), exists: { _ in false }))
        let verdicts = await checker.run(
            [CheckItem(reference: reference, attempts: [])],
            transport: transport
        ).attempts
        #expect(
            transport.lines == [
                "GET https://my_registry.example.com/v2/",
                "HEAD https://my_registry.example.com/v2/team/a/manifests/1",
            ])
        #expect(verdicts.first?.map(\.status) == [.exists])
    }

    @Test func dockerHubIsDialledAsRegistry1() async {
        let (_, transport) = await check(["nginx"]) { _ in
            answer(200, [("Docker-Content-Digest", Self.manifestDigest), ("Content-Type", MediaType.ociIndex)])
        }
        #expect(transport.lines.first == "GET https://registry-1.docker.io/v2/")
        #expect(transport.lines.last == "HEAD https://registry-1.docker.io/v2/library/nginx/manifests/latest")
    }

    @Test func nonLoopbackHostsGetNoPlainHTTPFallback() async {
        let (verdicts, transport) = await check(["reg.example.com/a:1"]) { _ in
            .failure(TransportError(kind: .tls, code: 35, message: "wrong version number", url: ""))
        }
        #expect(transport.lines == ["GET https://reg.example.com/v2/"])
        #expect(verdicts[0].status == .tlsError)
        #expect(verdicts[0].message.contains("this registry speaks plain HTTP"), "the CLI's hint names --plain-http")
    }

    /// A loopback registry: plain HTTP first, HTTPS when plain HTTP did not answer like a registry. Each case:
    /// what the port does over plain HTTP and over TLS, the requests expected, the status expected.
    struct LoopbackCase: Sendable, CustomTestStringConvertible {
        let name: String
        let image: String
        let plain: @Sendable () -> Result<HTTPResponse, TransportError>
        let tls: @Sendable () -> Result<HTTPResponse, TransportError>
        let lines: [String]
        let status: Status
        let messageContains: String
        var testDescription: String { name }
    }

    static let found = answer(
        200, [("Docker-Content-Digest", manifestDigest), ("Content-Type", MediaType.dockerManifest)])
    static let wrongVersion = TransportError(
        kind: .tls, code: 35, message: "error:0A00010B:SSL routines::wrong version number", url: "")
    static let refused = TransportError(
        kind: .network, code: 7, message: "Failed to connect: Connection refused", url: "")

    static let loopbackCases: [LoopbackCase] = [
        LoopbackCase(
            name: "plain registry: no TLS attempt", image: "127.0.0.1:5000/a:1",
            plain: { found }, tls: { .failure(wrongVersion) },
            lines: ["GET http://127.0.0.1:5000/v2/", "HEAD http://127.0.0.1:5000/v2/a/manifests/1"],
            status: .exists, messageContains: ""),
        LoopbackCase(
            name: "TLS registry: its 400 to plain HTTP, then HTTPS", image: "localhost:5000/a:1",
            plain: { answer(400, body: "Client sent an HTTP request to an HTTPS server.") }, tls: { found },
            lines: [
                "GET http://localhost:5000/v2/", "GET https://localhost:5000/v2/",
                "HEAD https://localhost:5000/v2/a/manifests/1",
            ],
            status: .exists, messageContains: ""),
        LoopbackCase(
            name: "TLS registry with an untrusted CA: the TLS error is told", image: "[::1]:5000/a:1",
            plain: { answer(400) },
            tls: {
                .failure(
                    TransportError(
                        kind: .tls, code: 60,
                        message: "SSL certificate problem: unable to get local issuer certificate", url: ""))
            },
            lines: ["GET http://[::1]:5000/v2/", "GET https://[::1]:5000/v2/"],
            status: .tlsError, messageContains: "certificate"),
        LoopbackCase(
            name: "a web server, not a registry: its 404 is told, not TLS's wrong version", image: "localhost:8080/a:1",
            plain: { answer(404) }, tls: { .failure(wrongVersion) },
            lines: ["GET http://localhost:8080/v2/", "GET https://localhost:8080/v2/"],
            status: .serverError, messageContains: "does not serve the registry API v2"),
        LoopbackCase(
            name: "nothing listening: refused both ways", image: "127.0.0.1:5999/a:1",
            plain: { .failure(refused) }, tls: { .failure(refused) },
            lines: ["GET http://127.0.0.1:5999/v2/", "GET https://127.0.0.1:5999/v2/"],
            status: .networkError, messageContains: "refused"),
    ]

    @Test(arguments: loopbackCases)
    func loopbackRegistriesArePingedPlainFirst(_ c: LoopbackCase) async {
        let (verdicts, transport) = await check([c.image]) { request in
            if request.url.hasPrefix("http:") {
                return path(request.url) == "/v2/" ? c.plain() : Self.found
            }
            return c.tls()
        }
        #expect(transport.lines == c.lines)
        #expect(verdicts[0].status == c.status, "\(verdicts[0].message)")
        if !c.messageContains.isEmpty {
            #expect(verdicts[0].message.contains(c.messageContains), "\(verdicts[0].message)")
        }
    }

    @Test func plainHTTPFlagUsesHTTP() async {
        let (_, transport) = await check(
            ["reg.example.com/a:1"], options: CheckOptions(plainHTTP: true)
        ) { _ in
            answer(200, [("Docker-Content-Digest", Self.manifestDigest), ("Content-Type", MediaType.ociIndex)])
        }
        #expect(transport.lines.allSatisfy { $0.contains("http://reg.example.com/") })
    }

    @Test func bearerHandshakeWithBasicCredentialsToTheRealm() async {
        let (verdicts, transport) = await check(
            ["reg.example.com/team/app:1", "reg.example.com/team/app:2"],
            credential: Credential(username: "ci", password: "pw")
        ) { request in
            switch (request.method, path(request.url)) {
            case (.get, "/v2/"):
                return answer(
                    401,
                    [("WWW-Authenticate", #"Bearer realm="https://auth.example.com/token",service="reg.example.com""#)])
            case (.get, let p) where p.hasPrefix("/token"):
                return answer(200, body: #"{"token":"T0KEN"}"#)
            case (.head, let p) where p.hasPrefix("/v2/team/app/manifests/"):
                guard request.headers["Authorization"] == "Bearer T0KEN" else { return answer(401) }
                return answer(
                    200, [("Docker-Content-Digest", Self.manifestDigest), ("Content-Type", MediaType.dockerManifest)])
            default: return answer(500)
            }
        }
        #expect(verdicts.map(\.status) == [.exists, .exists])
        let tokenRequests = transport.requests.filter { $0.url.contains("/token") }
        #expect(tokenRequests.count == 1, "one token per scope per run")
        #expect(
            tokenRequests[0].url
                == "https://auth.example.com/token?service=reg.example.com&scope=repository%3Ateam%2Fapp%3Apull")
        #expect(tokenRequests[0].headers["Authorization"] == "Basic Y2k6cHc=")
        #expect(
            transport.requests.filter { $0.url.contains("/v2/") }.allSatisfy {
                $0.headers["Authorization"] != "Basic Y2k6cHc="
            },
            "Basic credentials go to the token server only")
        #expect(transport.lines.filter { $0.hasSuffix("/v2/") }.count == 1, "one ping per registry per run")
    }

    @Test func insufficientScopeIsRechallengedOnceNeverLooped() async {
        let (verdicts, transport) = await check(
            ["reg.example.com/private/app:1"], credential: Credential(username: "bob", password: "pw")
        ) { request in
            switch (request.method, path(request.url)) {
            case (.get, "/v2/"):
                return answer(
                    401, [("WWW-Authenticate", #"Bearer realm="https://reg.example.com/token",service="svc""#)])
            case (.get, let p) where p.hasPrefix("/token"):
                return answer(200, body: #"{"token":"opaque"}"#)
            case (.head, _):
                return answer(
                    401,
                    [
                        (
                            "WWW-Authenticate",
                            #"Bearer realm="https://reg.example.com/token",service="svc",scope="repository:private/app:pull",error="insufficient_scope""#
                        )
                    ])
            default: return answer(500)
            }
        }
        #expect(transport.lines.filter { $0.hasPrefix("HEAD") }.count == 2, "\(transport.lines)")
        #expect(transport.lines.filter { $0.contains("/token") }.count == 2)
        #expect(verdicts[0].status == .denied)
    }

    @Test func tokenServerRejectingCredentialsIsUnauthorized() async {
        let (verdicts, transport) = await check(
            ["reg.example.com/a:1"], credential: Credential(username: "ci", password: "bad")
        ) { request in
            switch path(request.url) {
            case "/v2/": return answer(401, [("WWW-Authenticate", #"Bearer realm="https://reg.example.com/token""#)])
            default: return answer(401, body: #"{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}"#)
            }
        }
        #expect(verdicts[0].status == .unauthorized)
        #expect(verdicts[0].message.contains("rejected the credentials of user \"ci\""))
        #expect(verdicts[0].message.contains("bad credentials"))
        #expect(!transport.lines.contains { $0.contains("manifests") }, "no manifest request without a token")
    }

    @Test(arguments: [405, 400, 501])
    func refusedHeadFallsBackToGetAndHashes(_ status: Int) async {
        let (verdicts, transport) = await check(["reg.example.com/a:1"]) { request in
            switch (request.method, path(request.url)) {
            case (.get, "/v2/"): return answer(200)
            case (.head, _): return answer(status)
            case (.get, _): return answer(200, [("Content-Type", MediaType.dockerManifest)], body: Self.manifest)
            default: return answer(500)
            }
        }
        #expect(transport.lines.last == "GET https://reg.example.com/v2/a/manifests/1")
        #expect(transport.requests.last?.headers["Accept"] == MediaType.acceptHeader)
        #expect(transport.requests.last?.maxBodyBytes == 4 * 1024 * 1024)
        #expect(verdicts[0].status == .exists)
        #expect(verdicts[0].digest == Self.manifestDigest)
    }

    @Test func digestReferenceMustMatch() async {
        let other = "sha256:" + String(repeating: "c", count: 64)
        let (verdicts, _) = await check(["reg.example.com/a@\(other)"]) { request in
            request.method == .head
                ? answer(405)
                : (path(request.url) == "/v2/"
                    ? answer(200) : answer(200, [("Content-Type", MediaType.dockerManifest)], body: Self.manifest))
        }
        #expect(verdicts[0].status == .serverError)
        #expect(verdicts[0].message.contains("registry returned a different manifest"))
    }

    @Test func oversizedManifestIsAServerError() async {
        let (verdicts, _) = await check(["reg.example.com/a:1"]) { request in
            if path(request.url) == "/v2/" { return answer(200) }
            if request.method == .head { return answer(405) }
            return .success(
                HTTPResponse(
                    status: 200, headers: HTTPHeaders([("Content-Type", MediaType.dockerManifest)]),
                    body: [UInt8](repeating: 32, count: 10), bodyTruncated: true))
        }
        #expect(verdicts[0].status == .serverError)
        #expect(verdicts[0].message.contains("larger than 4 MiB"))
    }

    @Test func invalidReferencesSendNothing() async {
        let (verdicts, transport) = await check(["UPPER/case", "a:b:c:d"]) { _ in answer(500) }
        #expect(verdicts.map(\.status) == [.invalidReference, .invalidReference])
        #expect(transport.requests.isEmpty)
        #expect(verdicts[0].message.contains("lowercase"))
    }

    @Test func resultsKeepTheOrderGiven() async {
        let images = (0..<40).map { "reg\($0 % 3).example.com/app:\($0)" }
        let (verdicts, _) = await check(images, options: CheckOptions(jobs: 7)) { request in
            if path(request.url) == "/v2/" { return answer(200) }
            return request.url.hasSuffix("7")
                ? answer(404)
                : answer(
                    200, [("Docker-Content-Digest", Self.manifestDigest), ("Content-Type", MediaType.ociManifest)])
        }
        #expect(verdicts.map(\.image) == images)
        #expect(verdicts.map(\.status) == images.map { $0.hasSuffix("7") ? .notFound : .exists })
    }
}

struct RedirectPolicyTests {
    func follow(
        _ transport: ScriptedTransport, _ request: HTTPRequest,
        policy: RedirectPolicy = RedirectPolicy()
    ) async throws(TransportError) -> HTTPResponse {
        try await policy.follow(request) { hop async throws(TransportError) -> HTTPResponse in
            try await transport.send(hop)
        }
    }

    @Test func authorizationStaysWithItsOrigin() async throws {
        let transport = ScriptedTransport { request in
            switch request.url {
            case "https://reg.example.com/v2/a/manifests/1":
                return answer(307, [("Location", "/v2/a/manifests/1-moved")])
            case "https://reg.example.com/v2/a/manifests/1-moved":
                return answer(302, [("Location", "https://cdn.example.net/blob?sig=1")])
            case "https://cdn.example.net/blob?sig=1": return answer(200, body: "{}")
            default: return answer(404)
            }
        }
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer secret")
        let response = try await follow(
            transport, HTTPRequest(method: .get, url: "https://reg.example.com/v2/a/manifests/1", headers: headers))
        #expect(response.status == 200)
        #expect(transport.requests.map { $0.headers["Authorization"] } == ["Bearer secret", "Bearer secret", nil])
    }

    @Test func portChangeIsAnotherOrigin() async throws {
        let transport = ScriptedTransport { request in
            request.url.contains(":8443") ? answer(200) : answer(301, [("Location", "https://reg.example.com:8443/x")])
        }
        var headers = HTTPHeaders()
        headers.add("Authorization", "Basic abc")
        _ = try await follow(transport, HTTPRequest(method: .get, url: "https://reg.example.com/x", headers: headers))
        #expect(transport.requests.last?.headers["Authorization"] == nil)
    }

    @Test func redirectLoopsEnd() async {
        let transport = ScriptedTransport { _ in answer(302, [("Location", "/again")]) }
        await #expect(throws: TransportError.self) {
            _ = try await follow(
                transport, HTTPRequest(method: .get, url: "https://reg.example.com/start"),
                policy: RedirectPolicy(maxRedirects: 3))
        }
        #expect(transport.requests.count == 4)
    }

    /// HTTPS → HTTP is refused (a `protocolViolation`, so `server-error`), unless `--plain-http` allows plain HTTP.
    @Test(arguments: [
        ("https://reg.example.com/v2/a/manifests/1", "http://reg.example.com/v2/a/manifests/1", false, false),
        ("https://reg.example.com/v2/a/manifests/1", "http://127.0.0.1:9/x?sig=secret", false, false),
        ("https://reg.example.com/v2/a/manifests/1", "http://reg.example.com/v2/a/manifests/1", true, true),
        ("http://127.0.0.1:5000/v2/a/manifests/1", "http://127.0.0.1:5001/x", false, true),
        ("http://127.0.0.1:5000/v2/a/manifests/1", "https://cdn.example.net/x", false, true),
    ])
    func downgrade(_ from: String, _ to: String, _ plainHTTP: Bool, _ followed: Bool) async throws {
        let transport = ScriptedTransport { request in
            request.url == from ? answer(307, [("Location", to)]) : answer(200)
        }
        do {
            let response = try await follow(
                transport, HTTPRequest(method: .head, url: from),
                policy: RedirectPolicy(allowsDowngrade: plainHTTP))
            #expect(followed && response.status == 200)
            #expect(transport.requests.count == 2)
        } catch {
            #expect(!followed)
            #expect(error.kind == .protocolViolation && error.refusal == .downgradeToPlainHTTP)
            #expect(Reason.of(error) == .redirectDowngrade)
            #expect(error.message.contains("redirected to plain HTTP"))
            #expect(!error.message.contains("sig=secret"), "a hop's query is not shown: \(error.message)")
            #expect(transport.requests.count == 1)
        }
    }
}

struct RequestURLTests {
    @Test(arguments: [
        ("https://reg.example.com/v2/", "https://reg.example.com:443"),
        ("http://127.0.0.1:5000/v2/", "http://127.0.0.1:5000"),
        ("https://[::1]:5000/v2/", "https://[::1]:5000"),
        ("HTTPS://Reg.Example.COM/x", "https://reg.example.com:443"),
    ])
    func origin(_ url: String, _ origin: String) throws {
        #expect(try #require(RequestURL(url)).origin == origin)
    }

    @Test func rejectsOtherSchemes() {
        #expect(RequestURL("ftp://x/y") == nil)
        #expect(RequestURL("file:///etc/passwd") == nil)
        #expect(RequestURL("not a url") == nil)
    }

    @Test func percentEncoding() {
        #expect(Percent.encode("repository:a/b:pull") == "repository%3Aa%2Fb%3Apull")
        #expect(Percent.encode("a b+c~d") == "a%20b%2Bc~d")
    }
}

struct TokenSharingTests {
    static let digest = ProtocolTests.manifestDigest

    func run(_ images: [String], jobs: Int = 16, _ handler: @escaping ScriptedTransport.Handler) async -> (
        [Verdict], ScriptedTransport
    ) {
        let transport = ScriptedTransport(handler)
        let verdicts = await Checker(options: CheckOptions(jobs: jobs), credentials: .anonymous)
            .check(images, transport: transport)
        return (verdicts, transport)
    }

    static func registry(grantAll: Bool, onlyFirstScope: Bool = false) -> ScriptedTransport.Handler {
        { request in
            let p = path(request.url)
            if p == "/v2/" {
                return answer(
                    401, [("WWW-Authenticate", #"Bearer realm="https://auth.example.com/token",service="svc""#)])
            }
            if p.hasPrefix("/token") {
                let scopes = p.split(separator: "&").filter { $0.hasPrefix("scope=") }.count
                if !grantAll && scopes > 1 {
                    return answer(401, body: #"{"errors":[{"code":"DENIED","message":"one scope at a time"}]}"#)
                }
                let granted =
                    onlyFirstScope ? String(p.split(separator: "&").first { $0.hasPrefix("scope=") } ?? "") : "all"
                return answer(200, body: #"{"token":"\#(granted)"}"#)
            }
            // A manifest request: the token must cover this repository.
            let auth = request.headers["Authorization"] ?? ""
            let repository = p.dropFirst(4).components(separatedBy: "/manifests/")[0]
            let needed = "scope=" + Percent.encode("repository:\(repository):pull")
            guard auth == "Bearer all" || auth == "Bearer \(needed)" else {
                return answer(
                    401,
                    [
                        (
                            "WWW-Authenticate",
                            #"Bearer realm="https://auth.example.com/token",service="svc",scope="repository:\#(repository):pull",error="insufficient_scope""#
                        )
                    ])
            }
            return answer(200, [("Docker-Content-Digest", digest), ("Content-Type", MediaType.ociManifest)])
        }
    }

    @Test func severalRepositoriesOneTokenRequest() async {
        let images = (0..<20).map { "reg.example.com/team/app\($0 % 5):\($0)" }
        let (verdicts, transport) = await run(images, Self.registry(grantAll: true))
        #expect(verdicts.allSatisfy { $0.status == .exists })
        let tokens = transport.lines.filter { $0.contains("/token") }
        #expect(tokens.count == 1, "\(tokens)")
        #expect(tokens[0].components(separatedBy: "scope=").count - 1 == 5, "every repository's scope in it")
        #expect(transport.requests.count == 1 + 1 + 20, "1 ping + 1 token + N HEADs")
    }

    @Test func aServerRefusingSeveralScopesGetsThemOneByOne() async {
        let images = ["reg.example.com/a:1", "reg.example.com/b:1", "reg.example.com/c:1"]
        let (verdicts, transport) = await run(images, jobs: 1, Self.registry(grantAll: false))
        #expect(verdicts.allSatisfy { $0.status == .exists }, "\(verdicts.map(\.message))")
        let tokens = transport.lines.filter { $0.contains("/token") }
        let single = tokens.filter { $0.components(separatedBy: "scope=").count == 2 }
        #expect(single.count == 3, "\(transport.lines)")
        #expect(tokens.count == 4, "one refused request with several scopes, then one scope per request: \(tokens)")
    }

    @Test func aServerHonouringOnlyTheFirstScopeIsRechallenged() async {
        let images = ["reg.example.com/a:1", "reg.example.com/b:1"]
        let (verdicts, transport) = await run(images, jobs: 1, Self.registry(grantAll: true, onlyFirstScope: true))
        #expect(verdicts.allSatisfy { $0.status == .exists }, "\(verdicts.map(\.message))")
        #expect(transport.lines.filter { $0.contains("/token") }.count == 2)
    }

    @Test func duplicatesAreCheckedOnceAndAnsweredForEach() async {
        let images = ["reg.example.com/a:1", "reg.example.com/a:1", "reg.example.com/a", "reg.example.com/a:latest"]
        let (verdicts, transport) = await run(images, Self.registry(grantAll: true))
        #expect(verdicts.map(\.image) == images)
        #expect(transport.lines.filter { $0.hasPrefix("HEAD") }.count == 2, "a:1 and a:latest")
    }

    @Test func identicalVerdictsWhateverTheConcurrency() async {
        let images = (0..<200).map { i -> String in
            switch i % 4 {
            case 0: return "reg.example.com/ok\(i % 7):\(i)"
            case 1: return "reg.example.com/missing:\(i)"
            case 2: return "BAD/\(i)"
            default: return "reg.example.com/ok1:\(i % 3)"
            }
        }
        let handler: ScriptedTransport.Handler = { request in
            let p = path(request.url)
            if p == "/v2/" { return answer(200) }
            if p.contains("/missing/") { return answer(404) }
            return answer(200, [("Docker-Content-Digest", Self.digest), ("Content-Type", MediaType.ociManifest)])
        }
        let (one, _) = await run(images, jobs: 1, handler)
        let (many, _) = await run(images, jobs: 32, handler)
        #expect(one.map(\.image) == images)
        #expect(one.map(\.status) == many.map(\.status))
        #expect(one.map(\.message) == many.map(\.message))
    }
}

struct TokenCacheTests {
    @Test(arguments: [(nil, 54), (30, 54), (60, 54), (300, 270), (3600, 3240)] as [(Int?, Int)])
    func lifetime(_ expiresIn: Int?, _ seconds: Int) {
        #expect(
            TokenCache.usableLifetime(of: BearerToken(value: "t", expiresIn: expiresIn, issuedAt: nil))
                == .seconds(seconds))
    }

    @Test func expiredTokensAreNotReused() {
        var cache = TokenCache()
        let key = TokenCache.Key(realm: "r", service: "s", scope: "repository:a:pull")
        let start = ContinuousClock.now
        cache.store(BearerToken(value: "t", expiresIn: 300, issuedAt: nil), for: key, at: start)
        #expect(cache.token(for: key, at: start + .seconds(269))?.value == "t")
        #expect(cache.token(for: key, at: start + .seconds(271)) == nil)
        #expect(
            cache.token(for: TokenCache.Key(realm: "r", service: "s", scope: "repository:b:pull"), at: start) == nil)
    }
}
