import Testing

@testable import RegProbeKube

/// The YAML reader over libyaml: scalars as go-yaml v2 resolves them (goyaml.v2/resolve.go, decode.go's
/// `scalar`), merge keys as its `decoder.mapping`/`merge` apply them, anchors, aliases and nesting.
@Suite("YAML reader")
struct YAMLEventReaderTests {
    static let str = YAMLScalarResolver.strTag
    static let int = YAMLScalarResolver.intTag
    static let float = YAMLScalarResolver.floatTag

    struct ScalarCase: Sendable, CustomTestStringConvertible {
        let text: String
        let tag: String?
        let plain: Bool
        /// nil: an error.
        let value: KubeValue?
        init(_ text: String, tag: String? = nil, plain: Bool = true, _ value: KubeValue?) {
            self.text = text
            self.tag = tag
            self.plain = plain
            self.value = value
        }
        var testDescription: String { "\(String(reflecting: text)) \(tag ?? "") \(plain ? "plain" : "quoted")" }
    }

    static let scalarCases: [ScalarCase] = [
        // resolveMap: YAML 1.1's words, y and n included.
        ScalarCase("y", .bool(true)), ScalarCase("Y", .bool(true)), ScalarCase("yes", .bool(true)),
        ScalarCase("On", .bool(true)), ScalarCase("TRUE", .bool(true)), ScalarCase("n", .bool(false)),
        ScalarCase("NO", .bool(false)), ScalarCase("off", .bool(false)), ScalarCase("tRUE", .string("tRUE")),
        ScalarCase("~", .null), ScalarCase("null", .null), ScalarCase("Null", .null), ScalarCase("", .null),
        ScalarCase(".inf", .double(.infinity)), ScalarCase("-.Inf", .double(-.infinity)),
        ScalarCase("+.INF", .double(.infinity)),
        // Integers: ParseInt(s, 0, 64) after removing "_".
        ScalarCase("0x1F", .int(31)), ScalarCase("0o17", .int(15)), ScalarCase("017", .int(15)),
        ScalarCase("0b101", .int(5)), ScalarCase("-0b101", .int(-5)), ScalarCase("+12", .int(12)),
        ScalarCase("1_000", .int(1000)), ScalarCase("0", .int(0)), ScalarCase("-0", .int(0)),
        ScalarCase("9223372036854775807", .int(Int.max)), ScalarCase("-9223372036854775808", .int(Int.min)),
        ScalarCase("9223372036854775808", .double(9_223_372_036_854_775_808)),  // ParseUint
        ScalarCase("99999999999999999999", .double(1e20)),  // yamlStyleFloat, then ParseFloat
        // Floats: yamlStyleFloat, then ParseFloat (which refuses an overflow).
        ScalarCase("08", .double(8)), ScalarCase("1e3", .double(1000)), ScalarCase("1.", .double(1)),
        ScalarCase(".5", .double(0.5)), ScalarCase("-.5", .double(-0.5)), ScalarCase("1.5e-3", .double(0.0015)),
        ScalarCase("1e400", .string("1e400")), ScalarCase("1e-400", .double(0)),
        // Strings: base 60, timestamps, lone signs and dots, other first bytes.
        ScalarCase("1:30", .string("1:30")), ScalarCase("2026-01-01", .string("2026-01-01")),
        ScalarCase("0x", .string("0x")), ScalarCase(".", .string(".")), ScalarCase("-", .string("-")),
        ScalarCase("<<", .string("<<")), ScalarCase("nginx:1.27", .string("nginx:1.27")),
        ScalarCase("12abc", .string("12abc")), ScalarCase("0b102", .string("0b102")),
        // Quoted, untagged: a string whatever it says.
        ScalarCase("yes", plain: false, .string("yes")), ScalarCase("12", plain: false, .string("12")),
        // Explicit tags: resolved, and an error when the text does not fit.
        ScalarCase("12", tag: str, .string("12")), ScalarCase("12", tag: int, plain: false, .int(12)),
        ScalarCase("abc", tag: int, nil), ScalarCase("1", tag: float, .double(1)),
        ScalarCase("yes", tag: YAMLScalarResolver.boolTag, .bool(true)),
        ScalarCase("~", tag: YAMLScalarResolver.nullTag, .null), ScalarCase("x", tag: YAMLScalarResolver.nullTag, nil),
        ScalarCase("12", tag: "!custom", .string("12")), ScalarCase("12", tag: "!", .string("12")),
        ScalarCase("aGk=", tag: YAMLScalarResolver.binaryTag, .string("hi")),
        ScalarCase("!!", tag: YAMLScalarResolver.binaryTag, nil),
        ScalarCase("2001-12-14", tag: YAMLScalarResolver.timestampTag, .string("2001-12-14")),
        ScalarCase("abc", tag: YAMLScalarResolver.timestampTag, nil),
    ]

    @Test(arguments: scalarCases)
    func scalars(_ c: ScalarCase) {
        switch YAMLScalarResolver.resolve(c.text, tag: c.tag, plainImplicit: c.plain) {
        case .success(let value):
            #expect(value == c.value)
        case .failure(let failure):
            #expect(c.value == nil, "\(failure.message)")
            #expect(!failure.message.contains(c.text) || c.text.count < 3, "never quotes the text")
        }
    }

    @Test(arguments: [
        ("2001-12-14", true), ("2001-1-2", true), ("2001-12-14t21:59:43.10-05:00", true),
        ("2001-12-14T21:59:43Z", true), ("2001-12-14 21:59:43.10", true), ("2001-12-14 21:59:43.10 -5", false),
        ("2001-02-29", false), ("2000-02-29", true), ("2001-13-01", false), ("2001-12-14T21:59:43", false),
        ("201-12-14", false), ("2001-12-14 25:00:00", false),
    ])
    func timestamps(_ text: String, _ valid: Bool) {
        #expect(YAMLScalarResolver.isTimestamp(text) == valid)
    }

    static func value(_ text: String) -> KubeValue? {
        KubeDocumentLoader.parse(text: "kind: T\n" + text, file: "t").documents.first?.value
    }

    static func problems(_ text: String) -> [String] {
        KubeDocumentLoader.parse(text: text, file: "t").problems.map(\.description)
    }

    @Test func mergeKeysAreAppliedWhereTheyStand() throws {
        // go-yaml v2 writes merged members into the map at the "<<": keys before it are overwritten, keys after
        // it win, and in a list of sources the first wins.
        let value = try #require(
            Self.value(
                """
                base: &base {a: 1, b: 1}
                before: {a: 0, <<: *base}
                after: {<<: *base, a: 2}
                list: {<<: [{a: 3}, {a: 4, c: 4}]}
                nested: {<<: {<<: *base, b: 5}}
                tagged: {!!merge <<: *base}
                quoted: {"<<": x}
                """))
        #expect(value[path: "before", "a"] == .int(1))
        #expect(value[path: "after", "a"] == .int(2))
        #expect(value[path: "after"]?.members?.map(\.key) == ["a", "b"])
        #expect(value[path: "list", "a"] == .int(3))
        #expect(value[path: "list", "c"] == .int(4))
        #expect(value[path: "nested", "b"] == .int(5))
        #expect(value[path: "tagged", "b"] == .int(1))
        #expect(value[path: "quoted", "<<"] == .string("x"))
    }

    @Test func keysBecomeJSONKeys() throws {
        let value = try #require(Self.value("y: 1\n0x1F: 2\n~: 3\n'y': 4\n"))
        #expect(value["true"] == .int(1))
        #expect(value["31"] == .int(2))
        #expect(value["null"] == .int(3))
        #expect(value["y"] == .int(4))
    }

    @Test(arguments: [
        ("a: &a [1]\nb: *c\n", "line 2: found undefined alias"),
        ("a: &a [1, *a]\n", "line 1: an alias refers to the anchor whose value contains it"),
        ("a: {<<: 1}\n", "line 1: a \"<<\" merge key needs a mapping or a list of mappings"),
        ("a: &x [1]\nb: {<<: *x}\n", "line 2: a \"<<\" merge key needs a mapping or a list of mappings"),
        ("a: {<<: [{b: 1}, 2]}\n", "line 1: a \"<<\" merge key needs a mapping or a list of mappings"),
        ("? [a]\n: 1\n", "line 1: a mapping key is a list, not a scalar"),
        ("a: 1\non: 2\ntrue: 3\n", "line 3: duplicate mapping key \"true\""),
        ("a: !!int abc\n", "line 1: cannot decode !!str as !!int"),
        ("a: [\n", "column 1: did not find expected node content"),
    ])
    func problemsSayWhereAndWhat(_ text: String, _ expected: String) {
        let problems = Self.problems(text)
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.contains(expected) == true, "\(problems)")
    }

    @Test func anchorsBelongToTheirDocument() {
        // go-yaml's anchors are per document (the reader is given a whole stream here, as libyaml reads one).
        var budget = KubeValueBudget()
        let outcomes = YAMLEventReader.read(Array("x: &a 1\n---\ny: *a\n".utf8)[...], budget: &budget)
        guard outcomes.count == 2, case .value(let first) = outcomes[0], case .failure(let failure) = outcomes[1]
        else {
            Issue.record("\(outcomes)")
            return
        }
        #expect(first == .object([KubeMember("x", .int(1))]))
        #expect(failure.message == "found undefined alias" && failure.line == 3)
    }

    @Test func nestingIsBoundedAliasesIncluded() {
        let deep = "kind: T\na: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        #expect(Self.problems(deep).first?.contains("nested more than 256 levels deep") == true)
        // 200 levels, used 100 levels down: 300 once expanded.
        let anchored =
            "kind: T\nx: &x " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\ny: "
            + String(repeating: "[", count: 100) + "*x" + String(repeating: "]", count: 100) + "\n"
        #expect(Self.problems(anchored).first?.contains("nested more than 256 levels deep") == true)
        let fine = "kind: T\na: " + String(repeating: "[", count: 250) + String(repeating: "]", count: 250) + "\n"
        #expect(Self.problems(fine).isEmpty)
    }

    @Test func aDocumentHasOneProblemEvenWhenLibyamlStopsLater() {
        let problems = Self.problems("kind: A\nkind: B\nspec: [\n")
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.contains("duplicate mapping key \"kind\"") == true)
    }

    @Test func aBrokenDocumentAfterDotsKeepsTheFirst() {
        let set = KubeDocumentLoader.parse(text: "kind: A\n...\nkind: B\nkind: C\n", file: "t")
        #expect(set.documents.map(\.kind) == ["A"])
        #expect(set.problems.map(\.index) == [2])
    }
}
