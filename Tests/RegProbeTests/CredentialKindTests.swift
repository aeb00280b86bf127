import Foundation
import Testing

@testable import RegProbe

struct CredentialKindTests {
    @Test func effectiveCredentialOrder() {
        let both = DockerConfig.AuthEntry(
            key: "r", credential: Credential(username: "u", password: "p"),
            identityToken: "it", registryToken: "rt")
        #expect(both.effectiveCredential?.kind == .registryToken)
        #expect(both.effectiveCredential?.password == "rt")
        let identity = DockerConfig.AuthEntry(
            key: "r", credential: nil, identityToken: "it", username: "00000000-0000-0000-0000-000000000000")
        #expect(identity.effectiveCredential?.kind == .identityToken)
        #expect(identity.effectiveCredential?.username == "00000000-0000-0000-0000-000000000000")
        let plain = DockerConfig.AuthEntry(key: "r", credential: Credential(username: "u", password: "p"))
        #expect(plain.effectiveCredential?.kind == .password)
    }

    static let helpers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/credential-helpers").path

    /// The helpers are run through PATH; a test-local PATH keeps the machine's helpers out.
    func withHelpersOnPath<T>(_ body: () -> T) -> T {
        let old = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        setenv("PATH", "\(Self.helpers):/usr/bin:/bin", 1)
        defer { setenv("PATH", old, 1) }
        return body()
    }

    @Test func helperProtocol() {
        withHelpersOnPath {
            let found = CredentialHelper(name: "regprobe-lab").get(server: "localhost:5000")
            #expect((try? found.get())??.username == "alice")
            let missing = CredentialHelper(name: "regprobe-lab").get(server: "ghcr.io")
            #expect((try? missing.get()) == .some(nil), "a miss is no credential, not an error")
            let token = CredentialHelper(name: "regprobe-token").get(server: "x")
            #expect((try? token.get())??.kind == .identityToken)
            guard case .failure(let broken) = CredentialHelper(name: "regprobe-broken").get(server: "x") else {
                Issue.record("a failing helper is a failure")
                return
            }
            #expect(broken.message.contains("exit 3") && broken.message.contains("keychain is locked"))
            #expect(!broken.message.contains("hunter2"), "stderr is never read")
            guard case .failure(let absent) = CredentialHelper(name: "regprobe-absent").get(server: "x") else {
                Issue.record("a missing helper is a failure")
                return
            }
            #expect(absent.message.contains("not found on PATH"))
            guard
                case .failure(let slow) = CredentialHelper(name: "regprobe-hang", timeoutMilliseconds: 300).get(
                    server: "x")
            else {
                Issue.record("a hanging helper is a failure")
                return
            }
            #expect(slow.message.contains("did not answer"))
        }
    }
}

struct IdentityTokenProtocolTests {
    static let challenge = #"Bearer realm="https://auth.example.com/token",service="svc""#

    func check(_ credential: Credential, _ handler: @escaping ScriptedTransport.Handler) async -> (
        Verdict, ScriptedTransport
    ) {
        let transport = ScriptedTransport(handler)
        let resolver = CredentialResolver.fixed(credential)
        let verdicts = await Checker(options: CheckOptions(), credentials: resolver)
            .check(["reg.example.com/app:1"], transport: transport)
        return (verdicts[0], transport)
    }

    static func manifest(_ request: HTTPRequest, expecting token: String) -> Result<HTTPResponse, TransportError> {
        request.headers["Authorization"] == "Bearer \(token)"
            ? answer(
                200, [("Docker-Content-Digest", ProtocolTests.manifestDigest), ("Content-Type", MediaType.ociManifest)])
            : answer(401, [("WWW-Authenticate", challenge)])
    }

    @Test func refreshTokenIsPostedFirst() async {
        let (verdict, transport) = await check(
            Credential(username: "<token>", password: "refresh-1", kind: .identityToken)
        ) { request in
            switch (request.method, path(request.url)) {
            case (.get, "/v2/"): return answer(401, [("WWW-Authenticate", Self.challenge)])
            case (.post, "/token"): return answer(200, body: #"{"access_token":"AT"}"#)
            default: return Self.manifest(request, expecting: "AT")
            }
        }
        #expect(verdict.status == .exists)
        let post = transport.requests.first { $0.method == .post }
        let form = String(decoding: post?.body ?? [], as: UTF8.self)
        #expect(
            form.contains("grant_type=refresh_token") && form.contains("client_id=regprobe")
                && form.contains("refresh_token=refresh-1"))
        #expect(form.contains("scope=repository%3Aapp%3Apull") && form.contains("service=svc"))
        #expect(post?.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(!transport.lines.contains { $0.hasPrefix("GET https://auth.example.com") })
    }

    @Test(arguments: [400, 401, 404, 405])
    func refusedPostFallsBackToGet(_ status: Int) async {
        let (verdict, transport) = await check(Credential(username: "u", password: "refresh-1", kind: .identityToken)) {
            request in
            switch (request.method, path(request.url)) {
            case (.get, "/v2/"): return answer(401, [("WWW-Authenticate", Self.challenge)])
            case (.post, _): return answer(status)
            case (.get, let p) where p.hasPrefix("/token"): return answer(200, body: #"{"token":"GT"}"#)
            default: return Self.manifest(request, expecting: "GT")
            }
        }
        #expect(verdict.status == .exists)
        #expect(transport.lines.contains { $0.hasPrefix("GET https://auth.example.com/token?") })
    }

    @Test func registryTokenGoesStraightToTheRegistry() async {
        let (verdict, transport) = await check(Credential(username: "", password: "RT", kind: .registryToken)) {
            request in
            path(request.url) == "/v2/"
                ? answer(401, [("WWW-Authenticate", Self.challenge)]) : Self.manifest(request, expecting: "RT")
        }
        #expect(verdict.status == .exists)
        #expect(!transport.lines.contains { $0.contains("auth.example.com") }, "no token server")
    }

    @Test func plainHTTPRealmIsRefused() async {
        let (verdict, transport) = await check(Credential(username: "u", password: "p")) { request in
            answer(401, [("WWW-Authenticate", #"Bearer realm="http://auth.example.com/token",service="svc""#)])
        }
        #expect(verdict.status == .serverError)
        #expect(verdict.message.contains("plain HTTP"))
        #expect(!transport.lines.contains { $0.contains("auth.example.com") })
    }
}
