import Testing

@testable import RegProbe

struct PlatformTests {
    /// (image's platform, wanted, matches) as containerd's matcher decides.
    @Test(arguments: [
        ("linux/amd64", "linux/amd64", true),
        ("linux/amd64", "linux/arm64", false),
        ("linux/arm64", "linux/arm64/v8", true),
        ("linux/arm64/v8", "linux/arm64", true),
        ("linux/aarch64", "linux/arm64", true),
        ("linux/x86_64", "linux/amd64", true),
        ("linux/arm/v7", "linux/arm", true),
        ("linux/arm", "linux/arm/v7", true),
        ("linux/arm/v6", "linux/arm", false),
        ("linux/arm/v6", "linux/arm/v6", true),
        ("linux/amd64/v3", "linux/amd64", true),
        ("windows/amd64", "linux/amd64", false),
        ("linux/ppc64le", "linux/ppc64le", true),
        ("Linux/AMD64", "linux/amd64", true),
    ])
    func satisfies(_ have: String, _ want: String, _ expected: Bool) throws {
        let h = try #require(Platform(parsing: have))
        let w = try #require(Platform(parsing: want))
        #expect(h.satisfies(w) == expected)
    }

    @Test(arguments: ["linux", "", "linux/", "/amd64", "linux/arm/v7/x", "linux/ amd64"])
    func rejects(_ text: String) {
        #expect(Platform(parsing: text) == nil)
    }

    @Test func indexPlatformsSkipAttestations() {
        let body = #"""
            {"schemaVersion":2,"manifests":[
              {"digest":"sha256:a","platform":{"os":"linux","architecture":"amd64"}},
              {"digest":"sha256:b","platform":{"os":"linux","architecture":"arm","variant":"v7"}},
              {"digest":"sha256:c","platform":{"os":"unknown","architecture":"unknown"},
               "annotations":{"vnd.docker.reference.type":"attestation-manifest"}}]}
            """#
        #expect(
            ManifestBody.platforms(ofIndex: Array(body.utf8))?.map(\.description) == ["linux/amd64", "linux/arm/v7"])
        #expect(ManifestBody.platforms(ofIndex: Array("nope".utf8)) == nil)
    }
}

struct RetryPolicyTests {
    @Test(
        arguments: [
            ("120", 1000, Optional(120)),
            ("0", 1000, 0),
            ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_717, 60),
            ("Sun, 06 Nov 1994 08:49:37 UTC", 0, nil),
            ("soon", 0, nil),
            ("-5", 0, nil),
        ] as [(String, Int, Int?)])
    func retryAfter(_ value: String, _ now: Int, _ expected: Int?) {
        #expect(RetryPolicy.seconds(retryAfter: value, now: now) == expected)
    }

    @Test func backoffDoublesWithJitterAndCaps() {
        let policy = RetryPolicy(maxRetries: 5, base: .milliseconds(100), maxWait: .seconds(1))
        #expect(policy.delay(attempt: 1, retryAfter: nil, random: 0) == .milliseconds(100))
        #expect(policy.delay(attempt: 2, retryAfter: nil, random: 0) == .milliseconds(200))
        #expect(policy.delay(attempt: 2, retryAfter: nil, random: 0.999)! < .milliseconds(300))
        #expect(policy.delay(attempt: 9, retryAfter: nil, random: 0) == .seconds(1))
        #expect(policy.delay(attempt: 1, retryAfter: "1", random: 0) == .seconds(1))
        #expect(policy.delay(attempt: 1, retryAfter: "30", random: 0) == nil, "longer than the cap: no retry")
    }

    @Test func whatIsTransient() {
        let policy = RetryPolicy()
        for status in [408, 429, 500, 502, 503, 504] { #expect(policy.isTransient(status: status)) }
        for status in [200, 401, 403, 404, 405, 501] { #expect(!policy.isTransient(status: status)) }
        #expect(policy.isTransient(TransportError(kind: .network, code: 56, message: "reset", url: "")))
        #expect(!policy.isTransient(TransportError(kind: .network, code: 7, message: "refused", url: "")))
        #expect(!policy.isTransient(TransportError(kind: .tls, code: 60, message: "ca", url: "")))
    }

    @Test func retriesStopAtTheLimitAndNeverOn404() async {
        let transport = ScriptedTransport { request in path(request.url) == "/v2/" ? answer(200) : answer(503) }
        let options = CheckOptions(retry: RetryPolicy(maxRetries: 2, base: .milliseconds(1)))
        let verdicts = await Checker(options: options, credentials: .anonymous).check(
            ["reg.example.com/a:1"], transport: transport)
        #expect(verdicts[0].status == .serverError)
        #expect(transport.lines.filter { $0.hasPrefix("HEAD") }.count == 3)

        let notFound = ScriptedTransport { request in path(request.url) == "/v2/" ? answer(200) : answer(404) }
        _ = await Checker(options: options, credentials: .anonymous).check(["reg.example.com/a:1"], transport: notFound)
        #expect(notFound.lines.filter { $0.hasPrefix("HEAD") }.count == 1)
    }
}

struct TLSDiagnosisTests {
    @Test(arguments: [
        (35, "error:0A00010B:SSL routines::wrong version number", "server gave HTTP response to HTTPS client"),
        (60, "SSL certificate problem: unable to get local issuer certificate", "a CA file"),
        (60, "SSL certificate problem: self-signed certificate in certificate chain", "/etc/docker/certs.d/reg:5000/"),
        (60, "SSL certificate problem: certificate has expired", "expired"),
        (60, "SSL: no alternative certificate subject name matches target host name 'reg'", "not issued for reg:5000"),
        (56, "OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required", "client certificate"),
        (58, "unable to set private key file", "client certificate or key"),
    ])
    func explains(_ code: Int, _ text: String, _ expected: String) throws {
        let error = TransportError(kind: .tls, code: code, message: text, url: "https://reg:5000/v2/")
        let explanation = try #require(TLSDiagnosis.explain(error, host: "reg:5000"))
        #expect(explanation.contains(expected), "\(explanation)")
    }
}
