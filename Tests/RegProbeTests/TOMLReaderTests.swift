import Testing

@testable import RegProbe

/// The TOML subset hosts.toml files use, against cases of the TOML test suite (toml-lang/toml-test, its TOML 1.0.0
/// list): each row names the toml-test case it follows. Values are compared in a compact rendering:
/// tables `{k:v,...}` in file order, strings quoted, arrays `[...]`.
struct TOMLReaderTests {
    static func render(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text):
            "\""
                + text.unicodeScalars.map {
                    $0.isASCII && $0.value >= 0x20 && $0 != "\"" ? String($0) : "\\u{\(String($0.value, radix: 16))}"
                }.joined() + "\""
        case .integer(let number): String(number)
        case .float(let number): number.isNaN ? "nan" : "\(number)"
        case .boolean(let flag): String(flag)
        case .array(let values): "[" + values.map(render).joined(separator: ",") + "]"
        case .table(let table): render(table)
        }
    }

    static func render(_ table: TOMLTable) -> String {
        "{" + table.entries.map { "\($0.key):\(render($0.value))" }.joined(separator: ",") + "}"
    }

    @Test(arguments: [
        ("valid/empty-nothing", "", "{}"),
        ("valid/comment/everywhere", "# top\na = 1 # after\n# end", "{a:1}"),
        ("valid/newline-crlf", "a = 1\r\nb = 'x'\r\n", "{a:1,b:\"x\"}"),
        ("valid/utf8-bom-01", "\u{FEFF}a = 1\n", "{a:1}"),
        ("valid/key/quoted-dots", "\"a.b\" = 1\n'c.d' = 2", "{a.b:1,c.d:2}"),
        ("valid/key/dotted-01", "a.b.c = 1\na.b.d = 2\n", "{a:{b:{c:1,d:2}}}"),
        ("valid/key/dotted-empty", "a . \"\" . b = 1", "{a:{:{b:1}}}"),
        ("valid/key/numeric-dotted", "1.2 = 3", "{1:{2:3}}"),
        ("valid/key/alphanum", "-_a1 = true", "{-_a1:true}"),
        ("valid/key/space", "\"a b\" = 1", "{a b:1}"),
        (
            "valid/string/escapes", #"s = "\t\n\"\\\u00E9\U0001F600\b\f\r""#,
            "{s:\"\\u{9}\\u{a}\\u{22}\\\\u{e9}\\u{1f600}\\u{8}\\u{c}\\u{d}\"}"
        ),
        ("valid/string/multiline-quotes", "s = \"\"\"a\"\"b\"\"\"\"\"", "{s:\"a\\u{22}\\u{22}b\\u{22}\\u{22}\"}"),
        ("valid/string/multiline (trimmed)", "s = \"\"\"\nab \\\n   \n  cd\"\"\"", "{s:\"ab cd\"}"),
        ("valid/string/multiline-crlf", "s = \"\"\"\r\na\r\nb\"\"\"", "{s:\"a\\u{a}b\"}"),
        ("valid/string/raw", #"s = 'C:\path\n'"#, #"{s:"C:\path\n"}"#),
        ("valid/string/raw-multiline", "s = '''\nl1\nl2'''''", "{s:\"l1\\u{a}l2''\"}"),
        ("valid/string/with-tab", "s = \"a\tb\"", "{s:\"a\\u{9}b\"}"),
        ("valid/integer/integer", "a = +1_000\nb = -0\nc = 0\nd = -17", "{a:1000,b:0,c:0,d:-17}"),
        ("valid/integer/literals", "a = 0xDEAD_beef\nb = 0o755\nc = 0b1010", "{a:3735928559,b:493,c:10}"),
        (
            "valid/integer/long", "a = 9223372036854775807\nb = -9223372036854775808",
            "{a:9223372036854775807,b:-9223372036854775808}"
        ),
        ("valid/float/float", "a = 3.14\nb = -1e-3\nc = 6.02E+23\nd = 1e0_1", "{a:3.14,b:-0.001,c:6.02e+23,d:10.0}"),
        ("valid/float/inf-and-nan", "a = inf\nb = -inf\nc = nan", "{a:inf,b:-inf,c:nan}"),
        ("valid/bool/bool", "t = true\nf = false", "{t:true,f:false}"),
        ("valid/array/trailing-comma", "a = [\n  \"x\", # c\n  'y',\n]", "{a:[\"x\",\"y\"]}"),
        ("valid/array/mixed-types", "a = [1, \"a\", [true], {b = 2}]", "{a:[1,\"a\",[true],{b:2}]}"),
        ("valid/array/empty", "a = [ ]\nb = [[]]", "{a:[],b:[[]]}"),
        ("valid/inline-table/key-dotted", "a = { b.c = 1, b.d = 2 }", "{a:{b:{c:1,d:2}}}"),
        ("valid/inline-table/empty", "a = {}", "{a:{}}"),
        (
            "valid/inline-table/nest (headers)", "h = { X-Token = \"t\", Accept = [\"a\", \"b\"] }",
            "{h:{X-Token:\"t\",Accept:[\"a\",\"b\"]}}"
        ),
        ("valid/implicit-and-explicit-after", "[a.b.c]\nx = 1\n[a]\ny = 2", "{a:{b:{c:{x:1}},y:2}}"),
        ("valid/implicit-and-explicit-before", "[a]\ny = 2\n[a.b.c]\nx = 1", "{a:{y:2,b:{c:{x:1}}}}"),
        ("valid/table/whitespace", "[ a . \"b c\" ]\nx = 1", "{a:{b c:{x:1}}}"),
        (
            "valid/spec-1.0.0/table-7 (sub-table of a dotted table)",
            "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true",
            "{fruit:{apple:{color:\"red\",texture:{smooth:true}}}}"
        ),
        (
            "containerd docs/hosts.md",
            "server = \"https://registry-1.docker.io\"\n\n[host.\"https://public-mirror.gcr.io\"]\n  capabilities = [\"pull\"]\n[host.\"http://192.168.31.250:5000\"]\n  capabilities = [\"pull\", \"resolve\"]\n  skip_verify = true\n",
            "{server:\"https://registry-1.docker.io\",host:{https://public-mirror.gcr.io:{capabilities:[\"pull\"]},http://192.168.31.250:5000:{capabilities:[\"pull\",\"resolve\"],skip_verify:true}}}"
        ),
    ])
    func valid(_ name: String, _ text: String, _ expected: String) throws {
        let table = try TOMLReader.read(Array(text.utf8), file: "t.toml")
        #expect(Self.render(table) == expected, "\(name)")
    }

    @Test(arguments: [
        ("invalid/table/duplicate", "[a]\n[a]", 2),
        ("invalid/table/redefine-02 (table defined by dotted keys)", "[t]\na.b = 1\n[t.a]", 3),
        ("invalid/table/append-with-dotted-keys-01", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4),
        ("invalid/table/duplicate-key-dotted-table", "a.b = 1\n[a]", 2),
        ("invalid/table/empty", "[]", 1),
        ("invalid/table/unclosed", "[a\nb = 1", 1),
        ("invalid/table/text-after-table", "[a] b = 1", 1),
        ("invalid/key/duplicate-keys-01", "a = 1\na = 2", 2),
        ("invalid/key/duplicate-keys-dotted", "a.b = 1\na = 2", 2),
        ("invalid/key/no-value", "a = ", 1),
        ("invalid/key/empty", "= 1", 1),
        ("invalid/key/space", "a b = 1", 1),
        ("invalid/key/multiline-key", "\"\"\"k\"\"\" = 1", 1),
        ("invalid/key/two-on-a-line", "a = 1 b = 2", 1),
        ("invalid/inline-table/add", "a = {b = 1}\na.c = 2", 2),
        ("invalid/inline-table/trailing-comma", "a = {b = 1,}", 1),
        ("invalid/inline-table/linebreak-01", "a = {b = 1,\nc = 2}", 1),
        ("invalid/inline-table/overwrite-01", "a = {b = 1}\n[a]", 2),
        ("invalid/string/bad-escape-01 (\\x is TOML 1.1)", #"a = "\x41""#, 1),
        ("invalid/string/bad-escape (\\e is TOML 1.1)", #"a = "\e""#, 1),
        ("invalid/string/bad-uni-esc (surrogate)", #"a = "\uD800""#, 1),
        ("invalid/string/bad-uni-esc (short)", #"a = "\u00G0""#, 1),
        ("invalid/string/no-close-01", "a = \"abc", 1),
        ("invalid/string/basic-multiline-out-of-range (newline)", "a = \"a\nb\"", 1),
        ("invalid/control/string-us", "a = \"\u{1F}\"", 1),
        ("invalid/control/comment-del", "# \u{7F}\na = 1", 1),
        ("invalid/control/bare-cr", "a = 1\rb = 2", 1),
        ("invalid/string/multiline-quotes-01", "a = \"\"\"a\"\"\"\"\"\"", 1),
        ("invalid/string/literal-multiline-quotes", "a = '''a''''''", 1),
        ("invalid/integer/leading-zero-01", "a = 01", 1),
        ("invalid/integer/double-us", "a = 1__0", 1),
        ("invalid/integer/us-start", "a = _1", 1),
        ("invalid/integer/trailing-us", "a = 1_", 1),
        ("invalid/integer/positive-hex", "a = +0x1", 1),
        ("invalid/integer/capital-hex", "a = 0X1", 1),
        ("invalid/integer/overflow", "a = 9223372036854775808", 1),
        ("invalid/float/trailing-point", "a = 1.", 1),
        ("invalid/float/leading-point", "a = .1", 1),
        ("invalid/float/exp-trailing-us / no digits", "a = 1e", 1),
        ("invalid/float/exp-point-01", "a = 1.e1", 1),
        ("invalid/bool/wrong-case-true", "a = True", 1),
        ("invalid/bool/almost-true", "a = tru", 1),
        ("invalid/array/missing-separator-01", "a = [1 2]", 1),
        ("invalid/array/double-comma-01", "a = [,]", 1),
        ("invalid/array/no-close-01", "a = [1,\n", 2),
        ("invalid/string/missing-quotes (bare word)", "a = hello", 1),
        ("multi-line value then a duplicate key", "a = \"\"\"\nx\n\"\"\"\na = 2", 4),
    ])
    func invalid(_ name: String, _ text: String, _ line: Int) {
        #expect(throws: TOMLError.self, "\(name)") {
            _ = try TOMLReader.read(Array(text.utf8), file: "t.toml")
        }
        do {
            _ = try TOMLReader.read(Array(text.utf8), file: "t.toml")
        } catch {
            #expect(error.kind == .invalid, "\(name): \(error)")
            #expect(error.line == line, "\(name): \(error)")
            #expect(error.description.hasPrefix("t.toml:\(line): "), "\(name): \(error)")
        }
    }

    /// Valid TOML outside the subset: refused, naming file and line, never read in part.
    @Test(arguments: [
        ("valid/array/array-of-tables", "a = 1\n[[b]]\nc = 1", 2),
        ("valid/datetime/local-date", "x = 1\nd = 1979-05-27", 2),
        ("valid/datetime/local-time", "t = 07:32:00", 1),
        ("valid/datetime/datetime", "dt = 1979-05-27T07:32:00Z", 1),
        ("valid/datetime/space separator", "dt = 1979-05-27 07:32:00", 1),
    ])
    func unsupported(_ name: String, _ text: String, _ line: Int) {
        do {
            _ = try TOMLReader.read(Array(text.utf8), file: "/etc/containerd/certs.d/x/hosts.toml")
            Issue.record("\(name) was read")
        } catch {
            #expect(error.kind == .unsupported, "\(name): \(error)")
            #expect(error.description.hasPrefix("/etc/containerd/certs.d/x/hosts.toml:\(line): "), "\(error)")
        }
    }

    @Test func invalidUTF8IsRefused() {
        for bytes: [UInt8] in [Array("a = \"".utf8) + [0xFF] + Array("\"".utf8), Array("# ".utf8) + [0xC3]] {
            #expect(throws: TOMLError.self) { _ = try TOMLReader.read(bytes, file: "t.toml") }
        }
    }

    /// containerd orders hosts by the line where each table starts: lines are kept.
    @Test func tablesKeepTheirLines() throws {
        let text = "[host.\"b\"]\nx = 1\n\n[host.\"a\"]\n[host.\"c\".header]\ny = 2\n"
        let table = try TOMLReader.read(Array(text.utf8), file: "t.toml")
        guard case .table(let hosts)? = table["host"] else {
            Issue.record("no host table")
            return
        }
        #expect(hosts.entries.map(\.key) == ["b", "a", "c"])
        #expect(hosts.entries.map(\.line) == [1, 4, 5])
    }
}
