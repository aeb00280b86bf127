import Foundation
import PropertyBased
import Testing

@testable import RegProbe

/// Properties beside the tables: generated inputs, shrunk on failure.
struct ReferenceProperties {
    static let component = Gen.element(of: Array("abcdefghijklmnopqrstuvwxyz0123456789")).map { $0! }.string(of: 1...8)
    static let separator = Gen.element(of: [".", "_", "__", "-", "--"]).map { $0! }
    static let registry = Gen.element(of: [
        "", "docker.io/", "ghcr.io/", "localhost:5000/", "reg.example.com:443/", "127.0.0.1:5000/", "[::1]:5000/",
    ]).map { $0! }
    static let tag = Gen.element(of: Array("abcXYZ019_.-")).map { $0! }.string(of: 0...20)

    @Test func validNamesParseAndNormaliseStably() async {
        await propertyCheck(
            count: 300, input: Self.registry, Self.component, Self.separator, Self.component, Self.component, Self.tag
        ) {
            registry, a, sep, b, c, tag in
            // A first component with "." would be a registry host: separators go in the second.
            let path = "\(a)/\(b)\(sep)\(c)"
            let tagPart =
                tag.isEmpty || !(tag.first!.isLetter || tag.first!.isNumber || tag.first == "_") ? "" : ":\(tag)"
            let input = registry + path + tagPart
            guard case .success(let reference) = ImageReference.parse(input) else {
                Issue.record("\(input) must parse")
                return
            }
            #expect(reference.repository == path)
            // The normalised form is a fixed point.
            guard case .success(let again) = ImageReference.parse(reference.normalized) else {
                Issue.record("\(reference.normalized) must parse")
                return
            }
            #expect(again.normalized == reference.normalized)
            #expect(again.identifier == reference.identifier)
        }
    }

    @Test func anyASCIIEitherParsesToAFixedPointOrSaysWhy() async {
        await propertyCheck(count: 500, input: Gen.ascii.string(of: 0...40)) { input in
            switch ImageReference.parse(input) {
            case .success(let reference):
                if reference.normalized.count <= 255,
                    case .success(let again) = ImageReference.parse(reference.normalized)
                {
                    #expect(again.normalized == reference.normalized)
                }
            case .failure(let error):
                #expect(!error.reason.isEmpty)
                #expect(error.input == input)
            }
        }
    }
}

struct ChallengeProperties {
    static let token = Gen.element(of: Array("abcdefghijklmnopqrstuvwxyz")).map { $0! }.string(of: 1...10)
    /// Values with the characters that break naive parsers: commas, quotes, backslashes, spaces, `=`.
    static let value = Gen.element(of: Array("ab:/,= \"\\.-_0")).map { $0! }.string(of: 0...24)

    static func quoted(_ value: String) -> String {
        "\"" + value.replacingBackslashesAndQuotes() + "\""
    }

    @Test func quotedParametersSurviveAnyContent() async {
        await propertyCheck(count: 400, input: Self.value, Self.value, Self.value) { realm, service, scope in
            let header =
                "Bearer realm=\(Self.quoted(realm)),service=\(Self.quoted(service)),scope=\(Self.quoted(scope))"
            let challenges = AuthChallenge.parse(headerValues: [header])
            #expect(challenges.count == 1)
            #expect(challenges.first?.scheme == "bearer")
            #expect(challenges.first?.realm == realm)
            #expect(challenges.first?.service == service)
            #expect(challenges.first?.scope == scope)
        }
    }

    @Test func severalChallengesInOneHeader() async {
        await propertyCheck(count: 200, input: Self.token, Self.value, Self.value) { scheme, a, b in
            let header = "\(scheme) realm=\(Self.quoted(a)), Bearer realm=\(Self.quoted(b))"
            let challenges = AuthChallenge.parse(headerValues: [header])
            #expect(challenges.map(\.scheme) == [scheme, "bearer"])
            #expect(AuthChallenge.preferred(challenges)?.realm == (scheme == "bearer" ? a : b))
        }
    }
}

struct DockerConfigProperties {
    static let user = Gen.element(of: Array("abcXYZ09_$+.-@")).map { $0! }.string(of: 1...12)
    /// Printable Latin-1 (quotes, colons, backslashes, accents); Docker trims NULs from passwords, so none here.
    static let password = Gen.element(of: (0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) } + Array("éßüñ€"))
        .map { $0! }.string(of: 1...30)

    @Test func anyPasswordRoundTripsAndIsNeverShown() async {
        await propertyCheck(count: 300, input: Self.user, Self.password, Gen.bool) { user, password, padded in
            var auth = Data("\(user):\(password)".utf8).base64EncodedString()
            if !padded { while auth.hasSuffix("=") { auth.removeLast() } }
            let json = #"{"auths": {"https://reg.example.com/v1/": {"auth": "\#(auth)"}}}"#
            guard let config = try? DockerConfig.parse(Array(json.utf8), path: "/p/config.json") else {
                Issue.record("must parse")
                return
            }
            let found = config.credential(for: RegistryHost("reg.example.com"), repository: "a/b")
            #expect(found?.credential.username == user)
            #expect(found?.credential.password == password)
            if password.count >= 6 && !user.contains(password) {
                let shown = found.map { String(describing: $0.credential) + String(reflecting: $0.credential) } ?? ""
                let dumped = String(reflecting: config)
                #expect(!shown.contains(password))
                #expect(!dumped.contains(password))
            }
        }
    }
}

struct RetryProperties {
    @Test func waitsAreBoundedAndGrow() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...12), Gen.double(in: 0..<1)) { attempt, random in
            let policy = RetryPolicy(maxRetries: 5, base: .milliseconds(200), maxWait: .seconds(10))
            guard let wait = policy.delay(attempt: attempt, retryAfter: nil, random: random),
                let next = policy.delay(attempt: attempt + 1, retryAfter: nil, random: 0)
            else {
                Issue.record("backoff always gives a wait")
                return
            }
            #expect(wait <= .seconds(10))
            #expect(wait >= .milliseconds(200))
            #expect(next >= min(wait / 1.5, .seconds(10)) || next == .seconds(10))
        }
    }
}

extension String {
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var out = ""
        for ch in self {
            if ch == "\\" || ch == "\"" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
