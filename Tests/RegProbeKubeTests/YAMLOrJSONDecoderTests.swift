import Testing

@testable import RegProbeKube

/// kubectl's choice between a JSON stream and YAML documents (apimachinery's `YAMLOrJSONDecoder.Decode` since
/// Kubernetes 1.33): both sides of `count > 1`, and what the loader makes of each. Cases marked "Go" are those of
/// apimachinery's `TestYAMLOrJSONDecoder`.
@Suite("YAML or JSON")
struct YAMLOrJSONDecoderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        /// Values the JSON decoder took.
        let json: Int
        /// Where YAML takes over (a byte offset), or nil.
        let yamlStart: Int?
        /// Whether a JSON error ended the JSON part.
        let jsonError: Bool
        /// The `kind` of each document loaded, in order.
        let kinds: [String]
        /// A text each problem must contain, in order (none: no problem).
        let problems: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "JSON then YAML (one object: count 1, switch)", input: "{\"kind\": \"A\"}\n---\nkind: B\n",
            json: 1, yamlStart: 14, jsonError: true, kinds: ["A", "B"], problems: []),
        Case(
            name: "Go: JSON then a YAML flow mapping", input: "{\"kind\": \"A\"}\n---\n{kind: B}",
            json: 1, yamlStart: 14, jsonError: true, kinds: ["A", "B"], problems: []),
        Case(
            name: "Go: JSON then a shorter YAML document", input: "{\"kind\": \"Abcdef\"}\n---\nkind: B",
            json: 1, yamlStart: 19, jsonError: true, kinds: ["Abcdef", "B"], problems: []),
        Case(
            name: "Go: JSON, trailing blanks, then YAML", input: "{\"kind\": \"A\"}    \n---\nkind: B",
            json: 1, yamlStart: 18, jsonError: true, kinds: ["A", "B"], problems: []),
        Case(
            name: "Go: JSON then YAML indented with tabs inside flow",
            input: "{\n\t\"kind\": \"A\"\n}\n---\n{\n\tkind: B\n}", json: 1, yamlStart: 17, jsonError: true,
            kinds: ["A", "B"], problems: []),
        Case(
            name: "JSON then YAML without a separator (as Go reads it)", input: "{\"kind\": \"A\"}\nkind: B\n",
            json: 1, yamlStart: 14, jsonError: true, kinds: ["A", "B"], problems: []),
        Case(
            name: "Go: YAML then JSON (the first value is not JSON: count 0, all YAML)",
            input: "{kind: A}\n---\n{\"kind\": \"B\"}", json: 0, yamlStart: 0, jsonError: true,
            kinds: ["A", "B"], problems: []),
        Case(
            name: "Go: two JSON objects then --- (count 2: a JSON stream, no switch)",
            input: "{\"kind\": \"A\"}\n{\"kind\": \"B\"}\n---\n{kind: C}", json: 2, yamlStart: nil, jsonError: true,
            kinds: ["A", "B"],
            problems: [
                "document 3, line 3: invalid JSON at column 2: invalid character in numeric literal; after 2 "
                    + "JSON values kubectl reads the input as a JSON stream, not YAML documents, so the rest"
            ]),
        Case(
            name: "a JSON null counts as a value too (count 2, no switch)",
            input: "{\"kind\": \"A\"}\nnull\n---\nkind: B", json: 2, yamlStart: nil, jsonError: true, kinds: ["A"],
            problems: ["document 2, line 3: invalid JSON at column 2: invalid character in numeric literal; after 2"]),
        Case(
            name: "Go: a JSON stream", input: " {\"kind\":\"A\"}{\"kind\":\"B\"}", json: 2, yamlStart: nil,
            jsonError: false, kinds: ["A", "B"], problems: []),
        Case(
            name: "Go: --- first is YAML", input: "---\n{\"kind\": \"A\"}\n--- # with comment\nkind: B",
            json: 0, yamlStart: 0, jsonError: false, kinds: ["A", "B"], problems: []),
        Case(
            name: "a {-led YAML document with comments", input: "{\n  # the kind\n  \"kind\": \"A\", # A\n}\n",
            json: 0, yamlStart: 0, jsonError: true, kinds: ["A"], problems: []),
        Case(
            name: "a {-led YAML document with trailing commas, then another",
            input: "{\"kind\": \"A\", \"metadata\": {\"name\": \"x\",},}\n---\nkind: B\n", json: 0, yamlStart: 0,
            jsonError: true, kinds: ["A", "B"], problems: []),
        Case(
            name: "a JSON object then a comment and YAML", input: "{\"kind\": \"A\"} # one\n---\nkind: B\n",
            json: 1, yamlStart: 14, jsonError: true, kinds: ["A", "B"], problems: []),
        Case(
            name: "Unicode white space before { (NBSP: not JSON's, so count 0, eaten before YAML)",
            input: "\u{A0}{\"kind\": \"A\"}", json: 0, yamlStart: 2, jsonError: true, kinds: ["A"], problems: []),
        Case(
            name: "Go's consumeWhitespace gives up with fewer than 4 bytes left", input: "{\"kind\": \"A\"}\nx",
            json: 1, yamlStart: nil, jsonError: true, kinds: ["A"],
            problems: [
                "document 2, line 2: invalid JSON at column 1: invalid character looking for beginning of "
                    + "value; the rest of the input is not read"
            ]),
        Case(
            name: "[ is not JSON's prefix: YAML, a list", input: "[{\"kind\": \"A\"}]", json: 0, yamlStart: 0,
            jsonError: false, kinds: [], problems: ["the document is a list"]),
        Case(
            name: "{ past the first 4,096 bytes is not looked at",
            input: String(repeating: " ", count: 4096)
                + "{\"kind\": \"A\"}", json: 0, yamlStart: 0, jsonError: false, kinds: ["A"], problems: []),
        Case(
            name: "JSON then broken YAML: both errors said", input: "{\"kind\": \"A\"}\n---\nkind: [\n",
            json: 1, yamlStart: 14, jsonError: true, kinds: ["A"],
            problems: ["; not JSON either (line 2, column 2: invalid character in numeric literal)"]),
    ]

    @Test(arguments: cases)
    func decoderTable(_ c: Case) {
        let plan = YAMLOrJSONDecoder.plan(Array(c.input.utf8))
        #expect(plan.json.count == c.json)
        #expect(plan.yamlStart == c.yamlStart)
        #expect((plan.jsonError != nil) == c.jsonError)

        let set = KubeDocumentLoader.parse(text: c.input, file: "f")
        #expect(set.documents.map { $0.kind ?? "-" } == c.kinds)
        #expect(set.problems.count == c.problems.count, "\(set.problems)")
        for (problem, text) in zip(set.problems, c.problems) {
            #expect(problem.description.contains(text), "\(problem)")
        }
    }

    @Test func documentsAfterTheSwitchAreNumberedAndPlacedInTheWholeInput() {
        let text = "{\n  \"kind\": \"A\"\n}\n---\n# Source: c/t.yaml\nkind: B\n---\nkind: C\n"
        let set = KubeDocumentLoader.parse(text: text, file: "f")
        #expect(
            set.documents.map(\.origin.description) == [
                "f document 1 (line 1)", "f document 2 (line 6) [c/t.yaml]", "f document 3 (line 8)",
            ])
    }

    struct WhitespaceCase: Sendable, CustomTestStringConvertible {
        let input: String
        let from: Int
        let expected: Int?
        var testDescription: String { input.debugDescription }
    }

    static let whitespaceCases: [WhitespaceCase] = [
        WhitespaceCase(input: "}  \nkind: B", from: 1, expected: 4),  // up to and including the line feed
        WhitespaceCase(input: "} kind: B", from: 1, expected: 2),  // stops before the first non-blank
        WhitespaceCase(input: "}\n\n\nkind", from: 1, expected: 2),  // one line feed only
        WhitespaceCase(input: "}\u{A0}\u{2003}x123", from: 1, expected: 6),  // Unicode white space (2 + 3 bytes)
        WhitespaceCase(input: "}   ", from: 1, expected: nil),  // fewer than 4 bytes left
        WhitespaceCase(input: "}      ", from: 1, expected: nil),  // only white space to the end
        WhitespaceCase(input: "}\u{FFFD}abc", from: 1, expected: nil),  // Go's utf8.RuneError
        WhitespaceCase(input: "abcd", from: 0, expected: 0),
    ]

    @Test(arguments: whitespaceCases)
    func consumeWhitespace(_ c: WhitespaceCase) {
        #expect(YAMLOrJSONDecoder.afterWhitespace(from: c.from, in: Array(c.input.utf8)) == c.expected)
    }
}
