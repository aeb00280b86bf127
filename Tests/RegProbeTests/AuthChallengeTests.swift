import RegProbe
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Table-driven tests for `AuthChallenge.parse(headerValues:)` and `preferred(_:)`; the table is
/// `testdata/challenges.json`.
@Suite("WWW-Authenticate parsing")
struct AuthChallengeTests {
    struct ExpectedChallenge: Decodable, Sendable {
        let scheme: String
        let params: [String: String]
        let token68: String?

        var challenge: AuthChallenge {
            AuthChallenge(scheme: scheme, parameters: params, token68: token68)
        }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let headers: [String]
        let challenges: [ExpectedChallenge]
        /// The scheme `preferred(_:)` must pick, or "none".
        let preferred: String?

        var testDescription: String { name }
    }

    static let testdata = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata")

    static func loadCases() throws -> [Case] {
        let data = try Data(contentsOf: testdata.appendingPathComponent("challenges.json"))
        return try JSONDecoder().decode([Case].self, from: data)
    }

    /// Loaded once for the parameterised test; a loading failure shows up in `tableLoads`.
    static let cases: [Case] = (try? loadCases()) ?? []

    @Test func tableLoads() throws {
        let cases = try Self.loadCases()
        #expect(cases.count >= 30)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
    }

    @Test(arguments: cases)
    func parses(_ testCase: Case) {
        let parsed = AuthChallenge.parse(headerValues: testCase.headers)
        let expected = testCase.challenges.map(\.challenge)
        #expect(parsed == expected)
        // Field by field as well, for a readable failure.
        for (actual, wanted) in zip(parsed, expected) {
            #expect(actual.scheme == wanted.scheme)
            #expect(actual.parameters == wanted.parameters)
            #expect(actual.token68 == wanted.token68)
        }
        if let preferred = testCase.preferred {
            #expect(AuthChallenge.preferred(parsed)?.scheme == (preferred == "none" ? nil : preferred))
        }
    }

    /// Every header value parses the same on its own as in a list with the others (challenges do not span
    /// header values).
    @Test(arguments: cases)
    func headersAreIndependent(_ testCase: Case) {
        let separately = testCase.headers.flatMap { AuthChallenge.parse(headerValue: $0) }
        #expect(separately == AuthChallenge.parse(headerValues: testCase.headers))
    }

    @Test func accessors() {
        let challenge = AuthChallenge.parse(headerValues: [
            #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:private/app:pull",error="insufficient_scope""#
        ])
        #expect(challenge.count == 1)
        #expect(challenge.first?.isBearer == true)
        #expect(challenge.first?.realm == "https://auth.example.com/token")
        #expect(challenge.first?.service == "registry.example.com")
        #expect(challenge.first?.scope == "repository:private/app:pull")
        #expect(challenge.first?.error == "insufficient_scope")

        let basic = AuthChallenge(scheme: "Basic", parameters: ["Realm": "r"])
        #expect(basic.isBasic)
        #expect(basic.realm == "r")
        #expect(basic.service == nil)
        #expect(basic.scope == nil)
        #expect(basic.error == nil)
    }

    @Test func preferredOrder() {
        let negotiate = AuthChallenge(scheme: "negotiate")
        let basic1 = AuthChallenge(scheme: "basic", parameters: ["realm": "1"])
        let basic2 = AuthChallenge(scheme: "basic", parameters: ["realm": "2"])
        let bearer1 = AuthChallenge(scheme: "bearer", parameters: ["realm": "1"])
        let bearer2 = AuthChallenge(scheme: "bearer", parameters: ["realm": "2"])
        #expect(AuthChallenge.preferred([]) == nil)
        #expect(AuthChallenge.preferred([negotiate]) == nil)
        #expect(AuthChallenge.preferred([negotiate, basic1, basic2]) == basic1)
        #expect(AuthChallenge.preferred([basic1, bearer1, bearer2]) == bearer1)
        #expect(AuthChallenge.preferred([bearer2, basic1, bearer1]) == bearer2)
    }

    @Test func description() {
        let challenge = AuthChallenge(scheme: "bearer", parameters: ["service": "s", "realm": #"a"b"#])
        #expect(challenge.description == #"Bearer realm="a\"b", service="s""#)
        let negotiate = AuthChallenge(scheme: "negotiate", token68: "c2VjcmV0LXRva2Vu")
        #expect(!negotiate.description.contains("c2VjcmV0LXRva2Vu"))
        #expect(negotiate.description.hasPrefix("Negotiate"))
        #expect(AuthChallenge(scheme: "ntlm").description == "Ntlm")
    }

    /// Random strings over the characters that matter to the grammar parse without trapping or hanging, and
    /// every challenge they yield has a non-empty lowercase scheme and lowercase parameter names.
    @Test func randomInputParses() {
        let alphabet = Array("Bearer Basic realm=service\"scope\\,= \t:/abc==ÄNegotiate".utf8)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<3000 {
            let length = next() % 40
            let bytes = (0..<length).map { _ in alphabet[next() % alphabet.count] }
            let challenges = AuthChallenge.parse(headerValue: String(decoding: bytes, as: UTF8.self))
            for challenge in challenges {
                #expect(!challenge.scheme.isEmpty)
                #expect(challenge.scheme == challenge.scheme.lowercased())
                #expect(challenge.parameters.keys.allSatisfy { !$0.isEmpty && $0 == $0.lowercased() })
            }
        }
    }

    /// Malformed input of any shape never traps and never loops: every prefix of every table header parses.
    @Test func everyPrefixParses() {
        for testCase in Self.cases {
            for header in testCase.headers {
                let bytes = Array(header.utf8)
                for length in 0...bytes.count {
                    _ = AuthChallenge.parse(headerValue: String(decoding: bytes[..<length], as: UTF8.self))
                }
            }
        }
    }
}
