import RegProbe
import Testing

@testable import RegProbeKube

/// The Go behaviours the rules depend on: `encoding/base64` (R5.4, Secret `data`), `encoding/json` (R5.3).
@Suite("Go compatibility")
struct GoCompatTests {
    struct Base64Case: Sendable, CustomTestStringConvertible {
        let input: String
        let padded: Bool
        /// Decoded text, or nil when an error at `offset` is expected.
        let output: String?
        let offset: Int?
        init(_ input: String, padded: Bool, _ output: String?, offset: Int? = nil) {
            self.input = input
            self.padded = padded
            self.output = output
            self.offset = offset
        }
        var testDescription: String { "\(String(reflecting: input)) \(padded ? "Std" : "RawStd")" }
    }

    static let base64Cases: [Base64Case] = [
        Base64Case("", padded: true, ""),
        Base64Case("Zm9v", padded: true, "foo"),
        Base64Case("Zm9vYg==", padded: true, "foob"),
        Base64Case("Zm9vYmE=", padded: true, "fooba"),
        Base64Case("Zm9vYg", padded: true, nil, offset: 4),
        Base64Case("Zm9vYg", padded: false, "foob"),
        Base64Case("Zm9vYmE", padded: false, "fooba"),
        Base64Case("Zm9vYg=", padded: true, nil, offset: 7),
        Base64Case("Zm9vYg==", padded: false, nil, offset: 6),
        Base64Case("Z", padded: false, nil, offset: 0),
        Base64Case("Zm9vY", padded: false, nil, offset: 4),
        Base64Case("Zm9v\nYg==", padded: true, "foob"),
        Base64Case("Zm9v\r\nYg==\n", padded: true, "foob"),
        Base64Case("Zm9vYg=\n=", padded: true, "foob"),
        Base64Case("Zm9vYg==Zm9v", padded: true, nil, offset: 8),
        Base64Case("Zm9vYmE==", padded: true, nil, offset: 8),
        Base64Case("Zm 9v", padded: true, nil, offset: 2),
        Base64Case("Zm9vYh==", padded: true, "foob"),  // non-zero trailing bits: accepted (not Strict)
        Base64Case("=Zm9", padded: true, nil, offset: 0),
        Base64Case("Zm9vY===", padded: true, nil, offset: 5),
        Base64Case("Zm9v-_==", padded: true, nil, offset: 4),  // URL alphabet is not StdEncoding
    ]

    @Test(arguments: base64Cases)
    func base64(_ c: Base64Case) {
        switch GoBase64.decode(Array(c.input.utf8), padded: c.padded) {
        case .success(let bytes):
            #expect(String(decoding: bytes, as: UTF8.self) == c.output)
        case .failure(let error):
            #expect(c.output == nil)
            #expect(error.offset == c.offset)
            #expect(error.description == "illegal base64 data at input byte \(error.offset)")
        }
    }

    @Test(arguments: [
        ("username", "username", true), ("USERNAME", "username", true), ("UserName", "username", true),
        ("u\u{017F}ername", "username", true), ("\u{212A}ey", "key", true), ("user_name", "username", false),
        ("usernamé", "username", false), ("auths", "auths", true), ("Auths", "auths", true), ("auth", "auths", false),
    ])
    func fieldNameFolding(_ key: String, _ name: String, _ equal: Bool) {
        #expect(GoJSON.foldedEqual(key, name) == equal)
    }

    @Test func jsonKeepsEveryMemberInOrder() throws {
        let value = try GoJSON.parse(Array("{\"a\": 1, \"b\": [true, null, \"x\"], \"a\": 2.5e3}".utf8)).get()
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["a", "b", "a"])
        #expect(members[2].value == .number("2.5e3"))
        #expect(value.fieldMembers("A") == [.number("1"), .number("2.5e3")])
    }

    @Test(arguments: [
        ("", "unexpected end of JSON input"), ("{", "unexpected end of JSON input"), ("{} {}", "after top-level value"),
        ("{'a': 1}", "object key"), ("[1,]", "beginning of value"), ("{\"a\": tru}", "literal true"),
        ("\"\u{01}\"", "in string literal"), ("01", "after top-level value"), ("\"\\x\"", "escape code"),
    ])
    func jsonSyntaxErrors(_ text: String, _ message: String) {
        guard case .failure(let error) = GoJSON.parse(Array(text.utf8)) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func jsonAcceptsInvalidUTF8AndLoneSurrogatesAsReplacement() throws {
        let value = try GoJSON.parse([0x22, 0xFF, 0x22]).get()
        #expect(value == .string("\u{FFFD}"))
        #expect(try GoJSON.parse(Array("\"\\ud800x\"".utf8)).get() == .string("\u{FFFD}x"))
        #expect(try GoJSON.parse(Array("\"\\ud83d\\ude00\"".utf8)).get() == .string("\u{1F600}"))
    }

    /// `strconv.ParseFloat(s, 64)` as `json.Unmarshal` into `interface{}` uses it: an error only on overflow.
    @Test(arguments: [
        ("0", false), ("-0", false), ("1e308", false), ("1.7976931348623157e308", false),
        ("1.7976931348623158e308", false), ("-1.7976931348623157e308", false), ("1e-400", false),
        ("-1e-400", false), ("0e999999999999999999", false), (String(repeating: "9", count: 308), false),
        ("1.7976931348623159e308", true), ("1e309", true), ("1e400", true), ("-1e400", true), ("1E400", true),
        ("1e+400", true), ("1e999999999999999999999", true), (String(repeating: "9", count: 309), true),
        (String(repeating: "9", count: 400), true), ("-" + String(repeating: "1", count: 400), true),
    ])
    func float64Overflow(_ number: String, _ overflows: Bool) {
        #expect(GoJSON.overflowsFloat64(number) == overflows)
    }

    @Test(
        arguments: [
            ("{}", nil, []), ("{\"a\": [1, 2.5, -1e-999]}", nil, []), ("{\"a\": 1e400}", "1e400", ["a"]),
            ("{\"a\": {\"b\": [0, {\"c\": -2e308}], \"d\": 3e308}}", "-2e308", ["a", "b", "c"]),
            ("{\"a\": 1, \"a\": 9e999}", "9e999", ["a"]), ("[[1e500]]", "1e500", []),
        ] as [(String, String?, [String])])
    func firstNumberBeyondFloat64InDocumentOrder(_ text: String, _ number: String?, _ keys: [String]) throws {
        let found = try GoJSON.parse(Array(text.utf8)).get().firstFloat64Overflow()
        #expect(found?.number == number)
        #expect(found?.keys ?? [] == keys)
    }

    @Test func jsonStreams() {
        let stream = GoJSON.parseStream(Array("{\"a\":1}\n{\"b\":2} [3] {".utf8))
        #expect(stream.values.count == 3)
        #expect(stream.error?.message == "unexpected end of JSON input")
    }

    @Test func deeplyNestedJSONIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000)
        guard case .failure(let error) = GoJSON.parse(Array(text.utf8)) else {
            Issue.record("parsed")
            return
        }
        #expect(error.message == "exceeded max depth")
    }
}
