import Testing

@testable import RegProbe

/// What a credential helper's answer means (`HelperResponse`), what of a failing helper's output may be shown
/// (`HelperOutputExcerpt`), and how text from outside is escaped (`TerminalText`).
struct HelperResponseTests {
    // MARK: - Excerpts of failing output

    static let secret = "S3CR3T-LEAK-7f3a9c2e1b"

    @Test(arguments: [
        // (stdout, expected excerpt)
        ("", HelperOutputExcerpt.empty),
        (" \n\t\r\n", .empty),
        ("keychain is locked\n", .text("keychain is locked", withheldLines: 0)),
        ("  keychain is locked  \r\n", .text("keychain is locked", withheldLines: 0)),
        (
            "error: exec: \"pass\": executable file not found in $PATH\n",
            .text("error: exec: \"pass\": executable file not found in $PATH", withheldLines: 0)
        ),
        // The JSON answer, or anything shaped like it: nothing.
        (#"{"ServerURL":"r","Username":"u","Secret":"\#(secret)"}"#, .withheld),
        ("\n  [\"\(secret)\"]\n", .withheld),
        // Lines that look like a credential are skipped; the first other line is shown.
        ("keychain is locked\n{\"Secret\":\"\(secret)\"}\n", .text("keychain is locked", withheldLines: 1)),
        ("Secret: \(secret)\nkeychain is locked\n", .text("keychain is locked", withheldLines: 1)),
        ("password=hunter2\nfailed\n", .text("failed", withheldLines: 1)),
        ("PASSWORD is hunter2\n", .withheld),
        ("token expired: abc\n", .withheld),
        ("Authorization: Basic dXNlcjpwYXNz\n", .withheld),
        ("-----BEGIN PRIVATE KEY-----\n", .withheld),
        ("\(secret)\n", .withheld),
        ("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n", .withheld),
        ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n", .withheld),
        ("  \"Secret\": \"hunter2\",\nfailed\n", .text("failed", withheldLines: 1)),
        ("\"hunter2\"\n", .withheld),
        // Long words without digits, and short ones with, are ordinary text.
        ("docker-credential-secretservice-helper-failed\n", .withheld),
        (
            "cannot-connect-to-dbus-session-bus-address\n",
            .text("cannot-connect-to-dbus-session-bus-address", withheldLines: 0)
        ),
        ("error 42 at step-7\n", .text("error 42 at step-7", withheldLines: 0)),
        // Control characters are escaped, never passed through.
        ("locked \u{1B}[31mred\u{1B}[0m\u{7}\n", .text(#"locked \x1B[31mred\x1B[0m\x07"#, withheldLines: 0)),
        ("tab\there\u{0}nul\n", .text(#"tab\there\x00nul"#, withheldLines: 0)),
        ("rtl \u{202E}txt.exe\n", .text(#"rtl \u{202E}txt.exe"#, withheldLines: 0)),
        ("back\\slash\n", .text(#"back\slash"#, withheldLines: 0)),
    ])
    func excerpt(_ output: String, _ expected: HelperOutputExcerpt) {
        #expect(HelperOutputExcerpt.of(Array(output.utf8)) == expected, "\(output.debugDescription)")
    }

    @Test func excerptOfInvalidUTF8AndLongLines() {
        #expect(
            HelperOutputExcerpt.of([0x66, 0x61, 0x69, 0x6C, 0xFF, 0xC3, 0x0A])
                == .text(#"fail\xFF\xC3"#, withheldLines: 0))
        let long = Array(String(repeating: "ab ", count: 400).utf8)
        guard case .text(let text, 0) = HelperOutputExcerpt.of(long) else {
            Issue.record("a long line is cut, not dropped")
            return
        }
        #expect(text.utf8.count <= HelperOutputExcerpt.maxBytes && text.hasSuffix("…"))
        // Escapes count in the 200 bytes too.
        guard case .text(let escaped, 0) = HelperOutputExcerpt.of([UInt8](repeating: 0x01, count: 300)) else {
            Issue.record("control bytes are escaped, not dropped")
            return
        }
        #expect(escaped.utf8.count <= HelperOutputExcerpt.maxBytes && escaped.hasPrefix(#"\x01\x01"#))
    }

    @Test func excerptSuffixes() {
        #expect(HelperOutputExcerpt.empty.messageSuffix == "")
        #expect(HelperOutputExcerpt.withheld.messageSuffix == "; its output is not shown (it may hold a credential)")
        #expect(HelperOutputExcerpt.text("locked", withheldLines: 0).messageSuffix == ": locked")
        #expect(
            HelperOutputExcerpt.text("locked", withheldLines: 2).messageSuffix
                == ": locked (2 other lines not shown: they may hold a credential)")
    }

    // MARK: - Responses

    @Test(arguments: [
        // (exit code, stdout, expected)
        (
            0, #"{"ServerURL":"r","Username":"alice","Secret":"pw"}"#,
            HelperResponse.credential(Credential(username: "alice", password: "pw"))
        ),
        (
            0, "{\"ServerURL\":\"r\",\"Username\":\"alice\",\"Secret\":\"pw\"}\n",
            .credential(Credential(username: "alice", password: "pw"))
        ),
        (
            0, #"{"Username":"<token>","Secret":"refresh"}"#,
            .credential(Credential(username: "<token>", password: "refresh", kind: .identityToken))
        ),
        // Go's encoding/json: any case, the last repeat wins, null is absent, unknown fields ignored.
        (
            0, #"{"username":"a","SECRET":"x","secret":"pw","extra":[1]}"#,
            .credential(Credential(username: "a", password: "pw"))
        ),
        (0, #"{"Username":null,"Secret":"pw"}"#, .credential(Credential(username: "", password: "pw"))),
        // json.Decoder reads the first value only.
        (0, #"{"Username":"a","Secret":"pw"} trailing"#, .credential(Credential(username: "a", password: "pw"))),
        (0, #"{"Username":"a","Secret":""}"#, .notFound),
        (0, #"{"Username":"a"}"#, .notFound),
        (0, "null", .notFound),
        (0, "", .malformed(reason: "it is empty")),
        (0, "  \n", .malformed(reason: "it is empty")),
        (0, "credentials not found in native keychain", .malformed(reason: "it is not JSON")),
        (0, #"{"Secret":"pw""#, .malformed(reason: "it is not JSON")),
        (0, #"["pw"]"#, .malformed(reason: "it is an array, not a JSON object")),
        (0, #""pw""#, .malformed(reason: "it is a string, not a JSON object")),
        (0, #"{"Username":"a","Secret":42}"#, .malformed(reason: "a field is a number, not a string")),
        (0, #"{"ServerURL":{},"Secret":"pw"}"#, .malformed(reason: "a field is an object, not a string")),
        (1, "credentials not found in native keychain\n", .notFound),
        (1, "Credentials Not Found\n", .notFound),
        (1, "keychain is locked\n", .failed(exitCode: 1, excerpt: .text("keychain is locked", withheldLines: 0))),
        (3, #"{"Username":"a","Secret":"pw"}"#, .failed(exitCode: 3, excerpt: .withheld)),
        (137, "", .failed(exitCode: 137, excerpt: .empty)),
    ])
    func response(_ exitCode: Int32, _ output: String, _ expected: HelperResponse) {
        let response = HelperResponse.parse(exitCode: exitCode, output: Array(output.utf8))
        #expect(response == expected, "\(output.debugDescription)")
    }

    @Test func responseWithInvalidUTF8() {
        #expect(
            HelperResponse.parse(exitCode: 0, output: [0x7B, 0xFF, 0x7D])
                == .malformed(reason: "it is not UTF-8 text"))
    }

    /// A failure's message never holds the secret, whatever shape the helper printed it in.
    @Test func messagesHoldNoSecret() {
        let helper = CredentialHelper(name: "x")
        let outputs = [
            #"{"Username":"u","Secret":"\#(Self.secret)"}"#,
            "locked\n{\"Secret\": \"\(Self.secret)\"}",
            "locked\nSecret=\(Self.secret)",
            "\(Self.secret)\nlocked",
            "locked\n  \"Secret\": \"\(Self.secret)\"",
        ]
        for output in outputs {
            for exitCode: Int32 in [0, 1] {
                let bytes = Array((exitCode == 0 ? "junk " + output : output).utf8)
                let response = HelperResponse.parse(exitCode: exitCode, output: bytes)
                if case .failure(let failure) = helper.outcome(of: response, server: "r") {
                    #expect(!failure.message.contains("S3CR3T"), "\(output.debugDescription)")
                }
            }
        }
    }

    // MARK: - Escaping

    @Test(arguments: [
        ("plain text", "plain text"),
        ("a\nb\rc\td", #"a\nb\rc\td"#),
        ("\u{1B}[2J\u{7F}\u{0}", #"\x1B[2J\x7F\x00"#),
        ("back\\slash", #"back\slash"#),
        ("naïve café ✓", "naïve café ✓"),
        ("\u{85}\u{9B}", #"\u{85}\u{9B}"#),
        ("a\u{200B}b\u{202E}c\u{2028}d", #"a\u{200B}b\u{202E}c\u{2028}d"#),
        ("e\u{301}\u{1B}", #"é\x1B"#),
    ])
    func escaping(_ input: String, _ expected: String) {
        #expect(TerminalText.escape(input) == expected)
        #expect(TerminalText.escape(bytes: Array(input.utf8)) == expected)
    }

    @Test func escapingBytesAndCutting() {
        #expect(TerminalText.escape(bytes: [0x61, 0xC3, 0x28, 0xF0, 0x9F, 0x98]) == #"a\xC3(\xF0\x9F\x98"#)
        #expect(TerminalText.escape(bytes: [0xF0, 0x9F, 0x98, 0x80]) == "😀")
        #expect(TerminalText.prefix("abcdef", maxBytes: 6) == "abcdef")
        #expect(TerminalText.prefix("abcdefg", maxBytes: 6) == "abc…")
        #expect(TerminalText.prefix("ééééé", maxBytes: 7) == "éé…")
    }
}
