import Testing

@testable import RegProbe

struct HTTPHeadersTests {
    @Test func caseInsensitiveAndRepeated() {
        var headers = HTTPHeaders([("Content-Type", "a"), ("X-Repeated", "1"), ("x-repeated", "2")])
        #expect(headers["content-type"] == "a")
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers.values("X-REPEATED") == ["1", "2"])
        #expect(headers["missing"] == nil)
        headers.set("x-Repeated", "3")
        #expect(headers.values("X-Repeated") == ["3"])
        headers.remove("CONTENT-type")
        #expect(headers["Content-Type"] == nil)
    }
}

struct MediaTypeTests {
    @Test func acceptHeaderOrder() {
        #expect(
            MediaType.acceptHeader
                == [
                    "application/vnd.oci.image.index.v1+json",
                    "application/vnd.oci.image.manifest.v1+json",
                    "application/vnd.docker.distribution.manifest.list.v2+json",
                    "application/vnd.docker.distribution.manifest.v2+json",
                    "application/vnd.docker.distribution.manifest.v1+prettyjws",
                    "application/vnd.docker.distribution.manifest.v1+json",
                ].joined(separator: ", "))
    }

    @Test(arguments: [
        ("application/vnd.oci.image.index.v1+json", true),
        ("Application/VND.OCI.image.manifest.v1+json; charset=utf-8", true),
        ("application/json", false),
        ("text/html", false),
        ("", false),
    ])
    func isManifest(_ type: String, _ expected: Bool) {
        #expect(MediaType.isManifest(type) == expected)
    }

    @Test(arguments: [
        (
            #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","layers":[]}"#,
            Optional("application/vnd.docker.distribution.manifest.v2+json")
        ),
        (#"{"schemaVersion":2,"manifests":[]}"#, "application/vnd.oci.image.index.v1+json"),
        (#"{"schemaVersion":2,"config":{},"layers":[]}"#, "application/vnd.oci.image.manifest.v1+json"),
        (#"{"schemaVersion":1,"name":"a","fsLayers":[]}"#, "application/vnd.docker.distribution.manifest.v1+prettyjws"),
        ("<html>login</html>", nil),
        (#"{"hello":"world"}"#, nil),
    ])
    func sniff(_ body: String, _ expected: String?) {
        #expect(ManifestSniffer.mediaType(of: Array(body.utf8)) == expected)
    }
}

struct DigestAndTokenTests {
    @Test func sha256OfKnownBytes() {
        #expect(
            ManifestDigester.digest(Array("abc".utf8))
                == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ManifestDigester.digest([], algorithm: "sha512")?.hasPrefix("sha512:cf83e1357eefb8bd") == true)
        #expect(ManifestDigester.digest([], algorithm: "sha384")?.count == 7 + 96)
        #expect(ManifestDigester.digest([], algorithm: "md5") == nil)
    }

    @Test(arguments: [
        (#"{"token":"t1","access_token":"t2","expires_in":300}"#, Optional("t1")),
        (#"{"access_token":"only-access"}"#, "only-access"),
        (#"{"token":"","access_token":"fallback"}"#, "fallback"),
        (#"{"expires_in":300}"#, nil),
        ("not json", nil),
        // Read as Go's encoding/json reads it into distribution's struct.
        (#"{"Token":"case-insensitive"}"#, "case-insensitive"),
        (#"{"token":"first","token":"last"}"#, "last"),
        (#"{"token":"kept","token":null}"#, "kept"),
        (#"{"token":"t","unknown":{"nested":[1,2]}}"#, "t"),
        (#"{"token":"t","expires_in":"300"}"#, nil),
        (#"{"token":"t","expires_in":300.5}"#, nil),
        (#"{"token":7}"#, nil),
        (#"{"token":7,"token":"later"}"#, nil),
        (#"["token","t"]"#, nil),
        (#"{"token":"t"} trailing"#, nil),
    ])
    func tokenResponse(_ body: String, _ expected: String?) {
        #expect((try? BearerToken.decode(Array(body.utf8)))?.value == expected)
    }

    @Test func jwtAccessClaim() {
        // header {"alg":"none"} . payload {"access":[{"type":"repository","name":"private/app","actions":[]}]} . sig
        let payload =
            #"{"access":[{"type":"repository","name":"private/app","actions":[]},{"type":"repository","name":"team/app","actions":["pull"]}]}"#
        let encoded = base64url(Array(payload.utf8))
        let token = BearerToken(value: "eyJhbGciOiJub25lIn0.\(encoded).sig", expiresIn: nil, issuedAt: nil)
        #expect(token.provablyLacks("pull", on: "private/app"))
        #expect(!token.provablyLacks("pull", on: "team/app"))
        #expect(!BearerToken(value: "opaque", expiresIn: nil, issuedAt: nil).provablyLacks("pull", on: "x"))
    }

    @Test(arguments: [
        ("repository:a/b:pull", "repository", "a/b", ["pull"]),
        ("repository:reg:5000/a:pull,push", "repository", "reg:5000/a", ["pull", "push"]),
        ("registry:catalog:*", "registry", "catalog", ["*"]),
    ])
    func scope(_ text: String, _ type: String, _ name: String, _ actions: [String]) throws {
        let scope = try #require(Scope(parsing: text))
        #expect(scope.resourceType == type && scope.name == name && scope.actions == actions)
        #expect(scope.description == text)
    }

    @Test(arguments: [
        (
            #"{"errors":[{"code":"manifest_unknown","message":"manifest unknown","detail":{"Tag":"x"}}]}"#,
            [DistributionError(code: "MANIFEST_UNKNOWN", message: "manifest unknown")]
        ),
        (
            #"{"errors":[{"code":"UNAUTHORIZED","message":"a"},{"code":"DENIED"}]}"#,
            [DistributionError(code: "UNAUTHORIZED", message: "a"), DistributionError(code: "DENIED", message: "")]
        ),
        // As Go's encoding/json into distribution's errcode.Errors: keys without regard to case, the last of
        // duplicates, an empty or missing code is UNKNOWN, a null element is a zero one.
        (
            #"{"Errors":[{"Code":"NAME_UNKNOWN","MESSAGE":"m"}]}"#,
            [DistributionError(code: "NAME_UNKNOWN", message: "m")]
        ),
        (#"{"errors":[{"code":"A"}],"errors":[{"code":"B"}]}"#, [DistributionError(code: "B", message: "")]),
        (
            #"{"errors":[{"message":"no code"},null]}"#,
            [DistributionError(code: "UNKNOWN", message: "no code"), DistributionError(code: "UNKNOWN", message: "")]
        ),
        (#"{"errors":null}"#, []),
        // Not that shape: nothing, rather than a guess.
        (#"{"errors":[{"code":7}]}"#, []),
        (#"{"errors":"denied"}"#, []),
        (#"{"errors":["denied"]}"#, []),
        ("<html><body>502 Bad Gateway</body></html>", []),
        ("Client sent an HTTP request to an HTTPS server.\n", []),
        ("", []),
    ])
    func distributionErrors(_ body: String, _ expected: [DistributionError]) {
        #expect(DistributionError.parse(Array(body.utf8)) == expected)
    }
}

func base64url(_ bytes: [UInt8]) -> String {
    let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    var out = ""
    var i = 0
    while i < bytes.count {
        let b0 = Int(bytes[i])
        let b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0
        let b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
        out.append(table[b0 >> 2])
        out.append(table[((b0 & 3) << 4) | (b1 >> 4)])
        if i + 1 < bytes.count { out.append(table[((b1 & 15) << 2) | (b2 >> 6)]) }
        if i + 2 < bytes.count { out.append(table[b2 & 63]) }
        i += 3
    }
    return out
}

struct RedactionTests {
    @Test func tokensAreNeverShown() {
        let token = BearerToken(value: "eyJsecret-token-value", expiresIn: 300, issuedAt: nil)
        var dumped = ""
        dump(token, to: &dumped)
        for text in ["\(token)", String(describing: token), String(reflecting: token), dumped] {
            #expect(!text.contains("secret-token-value"), "\(text)")
        }
        #expect("\(token)" == "BearerToken(<redacted>, expires_in: 300)")
    }
}
