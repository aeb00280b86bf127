import RegProbe
import Testing

@testable import RegProbeKube

/// File names and Helm template paths come from outside: their control characters are escaped (`TerminalText`)
/// wherever a document's origin or problem is described.
@Suite("document names escaped")
struct DocumentNameEscapingTests {
    @Test func descriptionsEscapeTheFileAndTheHelmSource() {
        let problem = DocumentProblem(file: "x\u{1B}]0;title\u{7}.yaml", index: 2, line: 3, message: "m")
        #expect(problem.description == #"x\x1B]0;title\x07.yaml document 2, line 3: m"#)
        // libyaml refuses C0 controls in a document, not a right-to-left override.
        let set = KubeDocumentLoader.parse(text: "# Source: c/\u{202E}lmay.t\nkind: Pod\n", file: "f\u{1B}")
        #expect(set.documents.first?.origin.description == #"f\x1B document 1 (line 2) [c/\u{202E}lmay.t]"#)
    }
}
