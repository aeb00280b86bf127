import RegProbe

/// A document (or a whole file) that could not be read. The other documents of the file still load.
///
/// Messages give the position and the parser's reason, never a snippet of the input (a Secret's line could be
/// quoted otherwise).
public struct DocumentProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path as given, or `-` for standard input.
    public let file: String
    /// 1-based document number (as in ``DocumentOrigin/index``); nil when the whole file is concerned.
    public let index: Int?
    /// 1-based line of the problem when known, else where the document starts.
    public let line: Int?
    public let message: String

    public init(file: String, index: Int?, line: Int?, message: String) {
        self.file = file
        self.index = index
        self.line = line
        self.message = message
    }

    /// `deploy/app.yaml document 3, line 17: mapping values are not allowed in this context`. Control characters
    /// of the file name are escaped.
    public var description: String {
        var s = file == "-" ? "<stdin>" : TerminalText.escape(file, limit: TerminalText.fieldLimit)
        if let index { s += " document \(index)" }
        if let line { s += (index == nil ? ":" : ",") + " line \(line)" }
        return s + ": " + message
    }
}
