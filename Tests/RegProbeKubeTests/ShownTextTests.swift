import Testing
@testable import RegProbeKube

/// File names and Helm template paths come from outside: their control characters are escaped when shown.
@Suite("shown text")
struct ShownTextTests {
    static let cases: [(String, String)] = [
        ("deploy/app.yaml", "deploy/app.yaml"),
        ("a\u{1B}[2Jb.yaml", "a\\u{1B}[2Jb.yaml"),          // ESC: a terminal escape sequence
        ("line\nbreak\r.yaml", "line\\u{A}break\\u{D}.yaml"),
        ("tab\there", "tab\\u{9}here"),
        ("del\u{7F}c1\u{85}", "del\\u{7F}c1\\u{85}"),
        ("evil\u{202E}lmay.exe", "evil\\u{202E}lmay.exe"),  // right-to-left override
        ("zero\u{200B}width", "zero\\u{200B}width"),
        ("back\\u{41}slash", "back\\\\u{41}slash"),          // an escape cannot be forged
        ("été/ファイル.yaml", "été/ファイル.yaml"),
    ]

    @Test(arguments: cases)
    func escaped(_ input: String, _ expected: String) {
        #expect(ShownText.escaped(input) == expected)
    }

    @Test func descriptionsEscapeTheFileAndTheHelmSource() {
        let problem = DocumentProblem(file: "x\u{1B}]0;title\u{7}.yaml", index: 2, line: 3, message: "m")
        #expect(problem.description == "x\\u{1B}]0;title\\u{7}.yaml document 2, line 3: m")
        // libyaml refuses C0 controls in a document, not a right-to-left override.
        let set = KubeDocumentLoader.parse(text: "# Source: c/\u{202E}lmay.t\nkind: Pod\n", file: "f\u{1B}")
        #expect(set.documents.first?.origin.description == "f\\u{1B} document 1 (line 2) [c/\\u{202E}lmay.t]")
    }
}
