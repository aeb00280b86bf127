import RegProbe

/// Where a document came from: the file (`-` for standard input), its 1-based number in the file, the line it
/// starts on, its position in a `List`'s `items` when it was one, and Helm's `# Source:` template when present.
public struct DocumentOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The path as given, or `-` for standard input.
    public let file: String
    /// 1-based number among the non-empty documents of the file (empty ones, such as the blank document before
    /// Helm's first `---`, are not counted).
    public let index: Int
    /// 1-based line where the document starts.
    public let line: Int
    /// 1-based position in the `items` of a `List` document, when the object was one of them.
    public let listItem: Int?
    /// The template path from a Helm `# Source: chart/templates/x.yaml` comment heading the document.
    public let helmSource: String?

    public init(file: String, index: Int, line: Int, listItem: Int? = nil, helmSource: String? = nil) {
        self.file = file
        self.index = index
        self.line = line
        self.listItem = listItem
        self.helmSource = helmSource
    }

    /// The same origin for item `n` of a `List`.
    public func item(_ n: Int) -> DocumentOrigin {
        DocumentOrigin(file: file, index: index, line: line, listItem: n, helmSource: helmSource)
    }

    /// `deploy/app.yaml document 2 (line 14), item 3 [chart/templates/deploy.yaml]`. Control characters of the
    /// file name and the template path are escaped.
    public var description: String {
        var s =
            "\(file == "-" ? "<stdin>" : TerminalText.escape(file, limit: TerminalText.fieldLimit)) document \(index) (line \(line))"
        if let listItem { s += ", item \(listItem)" }
        if let helmSource { s += " [\(TerminalText.escape(helmSource, limit: TerminalText.fieldLimit))]" }
        return s
    }
}
