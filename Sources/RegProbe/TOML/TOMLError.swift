/// Why ``TOMLReader`` did not read a file: the file, the line, and what is wrong there.
/// `invalid`: the text is not TOML 1.0 (https://toml.io/en/v1.0.0); a TOML parser refuses it too.
/// `unsupported`: valid TOML outside the subset read here (dates and times, arrays of tables), which hosts.toml
/// files do not use; no prediction is made from such a file.
package struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        case invalid
        case unsupported
    }

    package let kind: Kind
    package let file: String
    /// 1-based.
    package let line: Int
    package let message: String

    package init(_ kind: Kind, file: String, line: Int, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, as compilers write it.
    package var description: String { "\(file):\(line): \(message)" }
}
