import Testing

@testable import RegProbe

/// The rules that keep hostile text off the terminal and out of headers: `TerminalText`, header values, tokens,
/// credentials, token servers' error bodies, loopback hosts.
struct HostileInputTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("a\u{1B}]0;title\u{07}b", #"a\x1B]0;title\x07b"#),
        ("line\r\n✓ forged", #"line\r\n✓ forged"#),
        ("tab\there", #"tab\there"#),
        ("del\u{7F}c1\u{85}", #"del\x7Fc1\u{85}"#),
        ("bidi \u{202E}txt.exe", #"bidi \u{202E}txt.exe"#),
        ("sep\u{2028}x", #"sep\u{2028}x"#),
        ("back\\slash \\x1B stays", #"back\slash \x1B stays"#),
        ("ünïcödé ✓ 日本", "ünïcödé ✓ 日本"),
    ])
    func escape(_ input: String, _ expected: String) {
        #expect(TerminalText.escape(input) == expected)
        #expect(TerminalText.escape(bytes: Array(input.utf8)) == expected)
    }

    @Test func capsLongText() {
        let long = String(repeating: "x", count: 10_000)
        let shown = TerminalText.escape(long, limit: 100)
        #expect(shown == String(repeating: "x", count: 100) + "…")
        #expect(TerminalText.escape(long).count == TerminalText.messageLimit + 1)
    }

    @Test func quoteEscapesQuotesToo() {
        #expect(TerminalText.quote("a\"b\\c\n") == #""a\"b\\c\n""#)
        #expect(TerminalText.quote(String(repeating: "q", count: 200), limit: 3) == #""qqq…""#)
    }

    @Test(arguments: [
        ("Bearer abc.def-ghi", true),
        ("with\ttab", true),
        ("tok\r\nX-Injected: yes", false),
        ("nul\u{0}", false),
        ("del\u{7F}", false),
        ("ünïcödé", true),
    ])
    func headerValues(_ value: String, _ valid: Bool) {
        #expect(HTTPHeaders.isValidFieldValue(value) == valid)
    }

    @Test func tokenWithControlCharactersIsRefused() {
        #expect(throws: BearerToken.DecodeError.unsafeToken) {
            _ = try BearerToken.decode(Array(#"{"token": "a\r\nX-Injected: 1"}"#.utf8))
        }
        #expect(throws: BearerToken.DecodeError.unsafeToken) {
            _ = try BearerToken.decode(Array(#"{"access_token": "a\u0000b"}"#.utf8))
        }
        #expect((try? BearerToken.decode(Array(#"{"token": "a.b.c"}"#.utf8)))?.value == "a.b.c")
    }

    @Test(arguments: [
        (Credential(username: "u", password: "p"), false),
        (Credential(username: "u\n", password: "p"), true),
        (Credential(username: "u", password: "p\r"), true),
        (Credential(username: "u", password: "p\tq"), true),
        (Credential(username: "<token>", password: "t\r\nX: y", kind: .registryToken), true),
        (Credential(username: "robot$name", password: "pä$$ wörd"), false),
    ])
    func credentialsWithControlCharacters(_ credential: Credential, _ unsafe: Bool) {
        #expect(credential.hasControlCharacters == unsafe)
    }

    @Test(
        arguments: [
            (#"{"errors": [{"code": "UNAUTHORIZED", "message": "bad creds"}]}"#, "UNAUTHORIZED: bad creds"),
            (#"{"detail": "Invalid username/password."}"#, "Invalid username/password."),
            (
                #"{"error": "invalid_grant", "error_description": "refresh token expired"}"#,
                "invalid_grant: refresh token expired"
            ),
            (#"{"error": "unauthorized_client"}"#, "unauthorized_client"),
            (#"{"error_description": "nope"}"#, "nope"),
            (#"{"message": "go away"}"#, "go away"),
            (#"{"details": "not a field we read"}"#, nil),
            ("<html>401</html>", nil),
            ("", nil),
        ] as [(String, String?)])
    func tokenServerErrorText(_ body: String, _ expected: String?) {
        #expect(TokenServerError.text(Array(body.utf8)) == expected)
    }

    @Test func tokenServerErrorTextIsCut() {
        let body = #"{"detail": "\#(String(repeating: "y", count: 5000))"}"#
        #expect(TokenServerError.text(Array(body.utf8))?.count == TokenServerError.limit + 1)
    }

    @Test(arguments: [
        ("localhost", true), ("LOCALHOST", true), ("reg.localhost", true), ("127.0.0.1", true), ("127.9.8.7", true),
        ("[::1]", true), ("::1", true), ("128.0.0.1", false), ("localhost.example.com", false), ("[::2]", false),
        ("10.0.0.1", false), ("example.com", false),
    ])
    func loopbackHosts(_ host: String, _ loopback: Bool) {
        #expect(RegistryHost.isLoopback(host: host) == loopback)
    }

    @Test(arguments: [
        ("https://s3.example.com/blob?X-Amz-Signature=abc", "https://s3.example.com/blob?…"),
        ("http://127.0.0.1:5000/v2/", "http://127.0.0.1:5000/v2/"),
        ("https://cdn.example.net/x#frag", "https://cdn.example.net/x?…"),
    ])
    func urlsShownWithoutTheirQuery(_ url: String, _ shown: String) {
        #expect(RequestURL.withoutQuery(url) == shown)
    }
}
