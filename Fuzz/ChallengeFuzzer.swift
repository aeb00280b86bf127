// libFuzzer driver: `WWW-Authenticate` header values (`AuthChallenge.parse(headerValues:)`), plus what the
// session does with a challenge's `scope` (`Scope(parsing:)`) and `preferred(_:)`.
//
// Two modes, chosen by the first byte:
// - raw (first byte is not 0x01): the bytes, decoded as UTF-8 (lossy), split on "\n" into several header
//   values (a response may carry several `WWW-Authenticate` fields);
// - generated (first byte 0x01): the rest drives a generator of WELL-FORMED RFC 7235 challenges (random
//   scheme/name case, token or quoted-string values with quoted-pairs, token68 with padding, OWS around "=" and
//   ",", empty list elements, several challenges per header or one header each); the parser must give back
//   exactly the challenges that were generated.
// Invariants of the raw mode (a violation traps):
// - parsing never traps; parsing all values at once equals parsing each one and concatenating;
// - at most one challenge per input byte;
// - a scheme is a non-empty RFC 7230 token in lowercase; parameter names likewise;
// - token68 and parameters are never both set; a token68 is never shown by `description`;
// - `AuthChallenge(scheme:parameters:token68:)` of a parsed challenge's parts gives the same challenge;
// - a challenge with parameters and no token68 renders (`description`) to a header that parses back to it;
// - `preferred` is the first Bearer challenge, else the first Basic one.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzSupport.bytes(data, size)
    if bytes.first == 0x01 {
        ChallengeFuzzer.checkGenerated(bytes.dropFirst())
    } else {
        ChallengeFuzzer.check(FuzzSupport.text(data, size))
    }
    return 0
}

enum ChallengeFuzzer {
    static func isTokenCharacter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }

    static func isLowercaseToken(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { isTokenCharacter($0) && !($0 >= 0x41 && $0 <= 0x5A) }
    }

    static func check(_ text: String) {
        let values = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let challenges = AuthChallenge.parse(headerValues: values)

        var oneByOne: [AuthChallenge] = []
        for value in values { oneByOne += AuthChallenge.parse(headerValue: value) }
        fuzzRequire(oneByOne == challenges, "parse(headerValues:) differs from parsing each value")
        fuzzRequire(challenges.count <= text.utf8.count, "more challenges than bytes")

        for challenge in challenges {
            fuzzRequire(
                isLowercaseToken(challenge.scheme),
                "scheme is not a lowercase token: \(challenge.scheme.debugDescription)")
            for (name, _) in challenge.parameters {
                fuzzRequire(isLowercaseToken(name), "parameter name is not a lowercase token: \(name.debugDescription)")
            }
            fuzzRequire(challenge.token68 == nil || challenge.parameters.isEmpty, "both token68 and parameters")

            let rebuilt = AuthChallenge(
                scheme: challenge.scheme, parameters: challenge.parameters, token68: challenge.token68)
            fuzzRequire(rebuilt == challenge, "public initializer does not rebuild the parsed challenge")

            let description = challenge.description
            if let token68 = challenge.token68 {
                fuzzRequire(!token68.isEmpty, "empty token68")
                let rendered = description.utf8.dropFirst(challenge.scheme.utf8.count)
                if token68.utf8.count >= 8 {
                    fuzzRequire(
                        !String(decoding: rendered, as: UTF8.self).contains(token68), "description shows the token68")
                }
            } else {
                let again = AuthChallenge.parse(headerValue: description)
                fuzzRequire(again == [challenge], "description does not parse back: \(description.debugDescription)")
            }

            // What RegistryClient and TokenService do with a Bearer challenge's scope and service.
            if let scope = challenge.scope {
                for item in scope.split(separator: " ") {
                    if let parsed = Scope(parsing: String(item)) {
                        _ = parsed.description
                        _ = Percent.encode(parsed.description)
                    }
                }
            }
            if let service = challenge.service { _ = Percent.encode(service) }
            _ = challenge.realm
            _ = challenge.error
        }

        let preferred = AuthChallenge.preferred(challenges)
        let expected =
            challenges.first(where: { $0.scheme == "bearer" }) ?? challenges.first(where: { $0.scheme == "basic" })
        fuzzRequire(preferred == expected, "preferred is not the first Bearer, else the first Basic challenge")
    }

    // MARK: - Generated well-formed challenges

    /// Reads the fuzzer's bytes as a stream of choices (0 when exhausted).
    struct Choices {
        var bytes: ArraySlice<UInt8>
        mutating func next() -> Int { Int(bytes.popFirst() ?? 0) }
        mutating func pick<T>(_ options: [T]) -> T { options[next() % options.count] }
        var isEmpty: Bool { bytes.isEmpty }
    }

    static let tchars = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~".utf8)
    static let token68chars = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/".utf8)

    static func token(_ c: inout Choices, from alphabet: [UInt8], maxLength: Int = 8) -> String {
        let length = 1 + c.next() % maxLength
        return String(decoding: (0..<length).map { _ in alphabet[c.next() % alphabet.count] }, as: UTF8.self)
    }

    static func randomCase(_ s: String, _ c: inout Choices) -> String {
        String(
            decoding: s.utf8.map { b in
                let flip = c.next() & 1 == 1
                if flip, b >= 0x61, b <= 0x7A { return b - 0x20 }
                if flip, b >= 0x41, b <= 0x5A { return b + 0x20 }
                return b
            }, as: UTF8.self)
    }

    static func ows(_ c: inout Choices) -> String { c.pick(["", "", " ", "  ", "\t", " \t "]) }

    static func checkGenerated(_ input: ArraySlice<UInt8>) {
        var c = Choices(bytes: input)
        var expected: [AuthChallenge] = []
        var headers: [String] = [""]
        let count = 1 + c.next() % 4
        for index in 0..<count {
            let scheme = token(&c, from: tchars)
            var rendered = randomCase(scheme, &c)
            var parameters: [String: String] = [:]
            var token68: String?
            switch c.next() % 3 {
            case 0:  // token68
                var value = token(&c, from: token68chars, maxLength: 24)
                value += String(repeating: "=", count: c.next() % 3)
                token68 = value
                rendered += c.pick([" ", "  "]) + value
            case 1:  // auth-params
                var names: [String] = []
                for _ in 0..<(c.next() % 4) {
                    let name = token(&c, from: tchars).lowercased()
                    if names.contains(name) { continue }
                    names.append(name)
                    var value = ""
                    let quoted = c.next() % 3 != 0
                    if quoted {
                        var scalars = "\""
                        for _ in 0..<(c.next() % 12) {
                            let choice = c.next()
                            let ch: Unicode.Scalar
                            switch choice % 8 {
                            case 0: ch = "\""
                            case 1: ch = "\\"
                            case 2: ch = ","
                            case 3: ch = " "
                            case 4: ch = ["é", "✓", "😀", "\u{0301}"][choice / 8 % 4]
                            default: ch = Unicode.Scalar(UInt8(0x21 + choice % 0x5E))
                            }
                            value.unicodeScalars.append(ch)
                            // quoted-pair: required for `"` and `\`, allowed (and removed) for anything else
                            if ch == "\"" || ch == "\\" || c.next() % 5 == 0 { scalars += "\\" }
                            scalars.unicodeScalars.append(ch)
                        }
                        rendered +=
                            (names.count == 1
                                ? c.pick([" ", "  "]) : ows(&c) + "," + ows(&c) + c.pick(["", ",", ", ,"]) + ows(&c))
                        rendered += randomCase(name, &c) + ows(&c) + "=" + ows(&c) + scalars + "\""
                    } else {
                        value = token(&c, from: tchars, maxLength: 16)
                        rendered += (names.count == 1 ? c.pick([" ", "  "]) : ows(&c) + "," + ows(&c))
                        rendered += randomCase(name, &c) + ows(&c) + "=" + ows(&c) + value
                    }
                    parameters[name] = value
                }
            default:  // scheme only
                break
            }
            expected.append(AuthChallenge(scheme: scheme, parameters: parameters, token68: token68))
            if index > 0 && c.next() % 3 == 0 {
                headers.append(rendered)  // a header of its own
            } else {
                headers[headers.count - 1] +=
                    (headers[headers.count - 1].isEmpty ? "" : ows(&c) + "," + ows(&c)) + rendered
            }
        }
        let parsed = AuthChallenge.parse(headerValues: headers)
        fuzzRequire(
            parsed == expected,
            "well-formed challenges not recovered\n headers: \(headers)\n expected: \(expected)\n parsed:   \(parsed)")
    }
}
