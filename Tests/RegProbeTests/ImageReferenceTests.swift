import RegProbe
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Table-driven tests for the image reference parser. The table, testdata/references.json, is
// located from this file's path (Tests/RegProbeTests/ → up 3 levels → package root), not through
// SwiftPM resources. Expected values come from distribution/reference's reference_test.go and
// normalize_test.go where those tables cover a case (see each case's "note").

/// One row of testdata/references.json. Either `error` (a substring of the expected `reason`) or
/// the full set of expected values for a valid reference.
struct ReferenceCase: Decodable, Sendable, CustomTestStringConvertible {
    var input: String
    var error: String?
    var registry: String?
    var repository: String?
    var tag: String?
    var digest: String?
    var normalized: String?
    var identifier: String?
    var dial: String?
    var loopback: Bool?
    var hostname: String?
    var port: Int?
    var note: String?

    var isValidCase: Bool { error == nil }

    /// Whether a valid case carries every expectation it must.
    var isComplete: Bool {
        registry != nil && repository != nil && normalized != nil && identifier != nil
            && dial != nil && loopback != nil
    }

    var testDescription: String {
        let shown = input.count > 60 ? String(input.prefix(60)) + "…(\(input.count))" : input
        return String(reflecting: shown)
    }
}

enum ReferenceTable {
    static var url: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Tests/RegProbeTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("testdata")
            .appendingPathComponent("references.json")
    }

    static func load() throws -> [ReferenceCase] {
        try JSONDecoder().decode([ReferenceCase].self, from: Data(contentsOf: url))
    }
}

@Suite("Image references")
struct ImageReferenceTests {
    // MARK: The table

    @Test("references.json is well-formed and big enough")
    func tableShape() throws {
        let cases = try ReferenceTable.load()
        #expect(cases.count >= 70)
        #expect(cases.contains { $0.isValidCase })
        #expect(cases.contains { !$0.isValidCase })
        var seen = Set<String>()
        for c in cases {
            #expect(seen.insert(c.input).inserted, "duplicate input \(c.testDescription)")
            if let error = c.error {
                #expect(!error.isEmpty, "empty expected error for \(c.testDescription)")
            } else {
                #expect(c.isComplete, "valid case \(c.testDescription) lacks expectations")
            }
        }
    }

    @Test("every case in references.json", arguments: try ReferenceTable.load())
    func tableCase(_ c: ReferenceCase) throws {
        let result = ImageReference.parse(c.input)
        if let expectedError = c.error {
            switch result {
            case .success(let ref):
                Issue.record(
                    "expected an error containing \(String(reflecting: expectedError)), parsed \(ref.normalized)")
            case .failure(let error):
                #expect(error.reason.contains(expectedError), "reason: \(error.reason)")
                #expect(error.input == c.input)
                #expect(error.description.hasPrefix("invalid reference \""))
                #expect(error.description.hasSuffix(": " + error.reason))
                #expect(error.reason.first.map { !$0.isUppercase } ?? false, "reason should start lowercase")
            }
            return
        }

        let ref = try result.get()
        #expect(ref.original == c.input)
        #expect(ref.registry.name == c.registry)
        #expect(ref.repository == c.repository)
        #expect(ref.tag == c.tag)
        #expect(ref.digest?.description == c.digest)
        #expect(ref.normalized == c.normalized)
        #expect(ref.description == c.normalized)
        #expect(ref.identifier == c.identifier)
        #expect(ref.registry.dialAuthority == c.dial)
        #expect(ref.registry.isLoopback == c.loopback)
        if let hostname = c.hostname { #expect(ref.registry.hostname == hostname) }
        if let port = c.port { #expect(ref.registry.port == port) }

        // The normalised form is itself a valid reference that normalises to itself — unless
        // adding "docker.io/" pushed the name past the 255-character limit, which applies to the
        // name as written (see lengthLimitAppliesToTheNameAsWritten).
        guard ref.name.utf8.count <= 255 else { return }
        let again = try ImageReference.parse(ref.normalized).get()
        #expect(again.normalized == ref.normalized)
        #expect(again.registry == ref.registry)
        #expect(again.repository == ref.repository)
        #expect(again.digest == ref.digest)
        #expect(again.effectiveTag == ref.effectiveTag)
    }

    // MARK: Focused tests

    @Test("tag, digest, effectiveTag and identifier")
    func tagAndDigestSemantics() throws {
        let d = "sha256:" + String(repeating: "a", count: 64)

        let bare = try ImageReference("nginx")
        #expect(bare.tag == nil && bare.digest == nil)
        #expect(bare.effectiveTag == "latest" && bare.identifier == "latest")

        let digestOnly = try ImageReference("nginx@" + d)
        #expect(digestOnly.tag == nil)
        #expect(digestOnly.effectiveTag == nil)
        #expect(digestOnly.identifier == d)
        #expect(digestOnly.normalized == "docker.io/library/nginx@" + d)

        let both = try ImageReference("ghcr.io/org/app:1.0@" + d)
        #expect(both.tag == "1.0" && both.effectiveTag == "1.0")
        #expect(both.identifier == d)
        #expect(both.normalized == "ghcr.io/org/app:1.0@" + d)
        #expect(both.name == "ghcr.io/org/app")
    }

    @Test("the throwing initialiser reports the same error as parse")
    func throwingInit() {
        #expect(
            throws: ReferenceError(
                input: "Foo/bar",
                reason: "repository name must be lowercase: \"Foo/bar\"",
                kind: .uppercaseName)
        ) {
            try ImageReference("Foo/bar")
        }
    }

    @Test("error description quotes and escapes the input")
    func errorDescription() throws {
        let e1 = try #require(ImageReference.parse("Foo/bar").failure)
        #expect(e1.description == #"invalid reference "Foo/bar": repository name must be lowercase: "Foo/bar""#)

        let e2 = try #require(ImageReference.parse("nginx\n").failure)
        #expect(e2.description == #"invalid reference "nginx\n": reference has leading or trailing whitespace"#)

        let e3 = try #require(ImageReference.parse("").failure)
        #expect(e3.description == #"invalid reference "": reference is empty"#)

        let long = String(repeating: "A", count: 1000)
        let e4 = try #require(ImageReference.parse(long).failure)
        #expect(e4.input == long)
        #expect(e4.description.count < 500)
        #expect(e4.description.contains("…"))
    }

    @Test(
        "error kinds",
        arguments: [
            ("", ReferenceError.Kind.empty),
            (" a", .whitespace),
            ("https://a.io/b", .urlScheme),
            (":tag", .invalidFormat),
            ("a..io:x/b", .invalidRegistry),
            ("a..b", .invalidName),
            ("A/b", .uppercaseName),
            (String(repeating: "a", count: 256), .nameTooLong),
            ("a:-", .invalidTag),
            ("a:" + String(repeating: "t", count: 129), .tagTooLong),
            ("a@sha256:abc", .invalidDigest),
            ("a@md5:" + String(repeating: "0", count: 32), .unsupportedDigestAlgorithm),
        ])
    func errorKinds(input: String, kind: ReferenceError.Kind) throws {
        let error = try #require(ImageReference.parse(input).failure)
        #expect(error.kind == kind, "\(error)")
    }

    @Test("length limits are inclusive: name 255, tag 128")
    func lengthBoundaries() {
        let name255 = String(repeating: "a", count: 255)
        #expect(ImageReference.parse(name255).success != nil)
        #expect(ImageReference.parse(name255 + "a").failure?.kind == .nameTooLong)

        let hosted = "example.com/" + String(repeating: "b", count: 255 - 12)
        #expect(hosted.count == 255)
        #expect(ImageReference.parse(hosted).success != nil)
        #expect(ImageReference.parse(hosted + "b").failure?.kind == .nameTooLong)

        let tag128 = String(repeating: "t", count: 128)
        #expect(ImageReference.parse("app:" + tag128).success?.tag == tag128)
        #expect(
            ImageReference.parse("app:" + tag128 + "t").failure?.reason == "tag is longer than 128 characters (129)")
    }

    @Test("the 255-character limit applies to the name as written, before normalisation")
    func lengthLimitAppliesToTheNameAsWritten() throws {
        // 250 characters as written is fine, although "docker.io/library/" makes the normalised
        // name 268 characters long; that normalised string is then itself over the limit.
        let written = String(repeating: "n", count: 250)
        let ref = try ImageReference(written)
        #expect(ref.repository == "library/" + written)
        #expect(ref.name.count == 268)
        #expect(ImageReference.parse(ref.normalized).failure?.kind == .nameTooLong)
    }

    @Test("hostile input is rejected quickly")
    func hostileInputIsLinear() {
        let clock = ContinuousClock()
        let inputs = [
            String(repeating: "a-", count: 200_000) + "a/" + String(repeating: "b", count: 100_000),
            String(repeating: "a:", count: 200_000),
            "app@" + String(repeating: "sha256", count: 100_000),
            String(repeating: "[", count: 100_000) + "/x",
        ]
        let elapsed = clock.measure {
            for input in inputs { _ = ImageReference.parse(input) }
        }
        #expect(elapsed < .seconds(5))
        #expect(ImageReference.parse(inputs[0]).failure?.kind == .nameTooLong)
    }

    // MARK: Digest

    @Test("digests of every supported algorithm")
    func supportedDigests() throws {
        for (algorithm, length) in [("sha256", 64), ("sha384", 96), ("sha512", 128)] {
            let hex = String(String(repeating: "0123456789abcdef", count: 8).prefix(length))
            let digest = try #require(Digest(parsing: algorithm + ":" + hex))
            #expect(digest.algorithm == algorithm)
            #expect(digest.encoded == hex)
            #expect(digest.description == algorithm + ":" + hex)
            #expect(digest.short == algorithm + ":0123456789ab")
            #expect(Digest.encodedLength(ofAlgorithm: algorithm) == length)
        }
        #expect(Digest.supportedAlgorithms == ["sha256", "sha384", "sha512"])
    }

    @Test(
        "malformed or unsupported digests are nil",
        arguments: [
            "",
            "sha256",
            "sha256:",
            ":" + String(repeating: "a", count: 64),
            "sha256:" + String(repeating: "a", count: 63),
            "sha256:" + String(repeating: "a", count: 65),
            "sha256:" + String(repeating: "A", count: 64),
            "sha256:" + String(repeating: "g", count: 64),
            "SHA256:" + String(repeating: "a", count: 64),
            "sha512:" + String(repeating: "a", count: 64),
            "md5:" + String(repeating: "a", count: 32),
            " sha256:" + String(repeating: "a", count: 64),
            "sha256:" + String(repeating: "a", count: 64) + "\n",
        ])
    func invalidDigests(_ input: String) {
        #expect(Digest(parsing: input) == nil)
    }

    // MARK: RegistryHost

    @Test("Docker Hub aliases fold into docker.io")
    func dockerHubAliases() {
        for alias in ["docker.io", "index.docker.io", "registry-1.docker.io"] {
            let host = RegistryHost(alias)
            #expect(host.name == "docker.io")
            #expect(host.isDockerHub)
            #expect(host.dialAuthority == "registry-1.docker.io")
            #expect(host == .dockerHub)
        }
        #expect(!RegistryHost("docker.io:443").isDockerHub)
        #expect(!RegistryHost("ghcr.io").isDockerHub)
        #expect(RegistryHost("ghcr.io").dialAuthority == "ghcr.io")
    }

    @Test(
        "hostname and port",
        arguments: [
            ("docker.io", "docker.io", nil),
            ("localhost:5000", "localhost", 5000),
            ("[::1]:5000", "::1", 5000),
            ("[2001:db8::1]", "2001:db8::1", nil),
            ("127.0.0.1:5000", "127.0.0.1", 5000),
            ("ghcr.io", "ghcr.io", nil),
        ] as [(String, String, Int?)])
    func hostnameAndPort(name: String, hostname: String, port: Int?) {
        let host = RegistryHost(name)
        #expect(host.name == name)
        #expect(host.description == name)
        #expect(host.hostname == hostname)
        #expect(host.port == port)
        #expect(host.dialAuthority == (host.isDockerHub ? "registry-1.docker.io" : name))
    }

    @Test(
        "loopback detection",
        arguments: [
            ("localhost", true), ("localhost:5000", true), ("LocalHost:5000", true),
            ("registry.localhost", true), ("a.b.localhost:1", true),
            ("127.0.0.1", true), ("127.0.0.1:5000", true), ("127.255.255.254:80", true),
            ("[::1]", true), ("[::1]:5000", true), ("[0:0:0:0:0:0:0:1]", true), ("[::0:1]:5000", true),
            ("localhost.localdomain", false), ("notlocalhost", false), ("localhostx:5000", false),
            ("128.0.0.1", false), ("127.0.0", false), ("127.0.0.1.example.com", false), ("127.0.0.256", false),
            ("[::]", false), ("[::2]", false), ("[1::1]", false), ("[::1:1]", false),
            ("docker.io", false), ("10.0.0.1:5000", false),
        ])
    func loopback(name: String, expected: Bool) {
        #expect(RegistryHost(name).isLoopback == expected)
    }

    @Test("validating initialiser")
    func validatingHost() {
        for valid in ["ghcr.io", "localhost:5000", "[::1]:5000", "127.0.0.1", "a", "Reg.Example.COM:443"] {
            #expect(RegistryHost(validating: valid)?.name == valid)
        }
        #expect(RegistryHost(validating: "index.docker.io")?.name == "docker.io")
        for invalid in ["", "-a.io", "a_b.io", "a..io", "[::1", "[fe80::1%eth0]", "host:", "host:65536", "fc00::1"] {
            #expect(RegistryHost(validating: invalid) == nil, "\(invalid)")
        }
    }
}

/// What `ParseNormalizedNamed` (distribution/reference v0.6.0) accepts beyond the core check's grammar, for
/// kubelet's reading: a `_` host distribution reads as part of a whole-name path, any port digits, a 255-character
/// limit on the path alone. The core check refuses these.
struct NormalizedNamedReadingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        /// The registry and repository of the reading; nil when `ParseNormalizedNamed` refuses the input too.
        let registry: String?
        var repository: String? = nil
        var tag: String? = nil
        /// The port ``RegistryHost/outOfRangePort`` reports.
        var outOfRangePort: String? = nil
        var fitsDomainGrammar = true
        var testDescription: String { input }
    }

    static let digits400 = "1" + String(repeating: "0", count: 399)

    static let cases: [Case] = [
        Case(
            input: "my_registry.example.com/app", registry: "my_registry.example.com", repository: "app",
            fitsDomainGrammar: false),
        Case(
            input: "my_registry.example.com/team/app:1.0", registry: "my_registry.example.com",
            repository: "team/app", tag: "1.0", fitsDomainGrammar: false),
        Case(
            input: "my__registry.example.com/app", registry: "my__registry.example.com", repository: "app",
            fitsDomainGrammar: false),
        Case(input: "a_b.c_d.io/x", registry: "a_b.c_d.io", repository: "x", fitsDomainGrammar: false),
        // The whole name must be a lowercase path: no port, no uppercase, valid separators.
        Case(input: "my_registry.example.com:5000/app", registry: nil),
        Case(input: "My_registry.example.com/app", registry: nil),
        Case(input: "_registry.example.com/app", registry: nil),
        Case(input: "registry_.example.com/app", registry: nil),
        Case(input: "my___registry.example.com/app", registry: nil),
        Case(input: "my_-registry.example.com/app", registry: nil),
        Case(input: "my_registry.example.com/App", registry: nil),
        Case(input: "my_registry.example.com/", registry: nil),
        // Ports: any digits.
        Case(
            input: "reg.example.com:65536/app", registry: "reg.example.com:65536", repository: "app",
            outOfRangePort: "65536"),
        Case(
            input: "reg.example.com:99999/app:v1", registry: "reg.example.com:99999", repository: "app", tag: "v1",
            outOfRangePort: "99999"),
        Case(
            input: "localhost:\(digits400)/app", registry: "localhost:\(digits400)", repository: "app",
            outOfRangePort: digits400),
        Case(input: "[::1]:70000/app", registry: "[::1]:70000", repository: "app", outOfRangePort: "70000"),
        Case(input: "reg.example.com:65535/app", registry: "reg.example.com:65535", repository: "app"),
        Case(input: "reg.example.com:0005000/app", registry: "reg.example.com:0005000", repository: "app"),
        Case(
            input: "reg.example.com:000065536/app", registry: "reg.example.com:000065536", repository: "app",
            outOfRangePort: "000065536"),
        Case(input: "reg.example.com:65536x/app", registry: nil),
        Case(input: "reg.example.com:/app", registry: nil),
        Case(input: "reg.example.com:-1/app", registry: nil),
        // The 255-character limit counts the path only (with Docker Hub's library/), or the whole name when it
        // is all path.
        Case(
            input: "reg.example.com:5000/" + String(repeating: "a", count: 255), registry: "reg.example.com:5000",
            repository: String(repeating: "a", count: 255)),
        Case(input: "reg.example.com/" + String(repeating: "a", count: 256), registry: nil),
        Case(
            input: String(repeating: "a", count: 247), registry: "docker.io",
            repository: "library/" + String(repeating: "a", count: 247)),
        Case(input: "index.docker.io/" + String(repeating: "a", count: 248), registry: nil),
        Case(
            input: "my_registry.example.com/" + String(repeating: "a", count: 231),
            registry: "my_registry.example.com", repository: String(repeating: "a", count: 231),
            fitsDomainGrammar: false),
        Case(input: "my_registry.example.com/" + String(repeating: "a", count: 232), registry: nil),
        // Everything else as the core check.
        Case(input: "nginx", registry: "docker.io", repository: "library/nginx"),
        Case(input: "Foo/bar", registry: nil),
        Case(input: "reg.example.com/App", registry: nil),
    ]

    @Test(arguments: cases)
    func reading(_ c: Case) {
        let reading = ImageReference.parseAsNormalizedNamed(c.input)
        guard let expected = c.registry else {
            #expect(reading.success == nil, "\(c.input) parsed")
            #expect(ImageReference.parse(c.input).success == nil)
            return
        }
        let reference = reading.success
        #expect(reference?.registry.name == expected)
        #expect(reference?.repository == c.repository)
        #expect(reference?.tag == c.tag)
        #expect(reference?.registry.outOfRangePort == c.outOfRangePort)
        #expect(reference?.registry.fitsDomainGrammar == c.fitsDomainGrammar)
        // The core check's own grammar: these extras stay invalid references there.
        if !c.fitsDomainGrammar || c.outOfRangePort != nil || c.input.contains(":000") || c.input.utf8.count > 255 {
            let kind = ImageReference.parse(c.input).failure?.kind
            #expect(kind == .invalidRegistry || kind == .nameTooLong, "\(c.input): core check")
        } else {
            #expect(ImageReference.parse(c.input).success == reference)
        }
    }
}

extension Result {
    fileprivate var success: Success? {
        if case .success(let value) = self { value } else { nil }
    }

    fileprivate var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
