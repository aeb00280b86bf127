/// A TOML table: its keys in the order the file first names them, and the line where the table was created (its
/// `[header]`, the first dotted key or header that implied it, or its inline `{`). containerd orders the
/// `[host."..."]` tables of hosts.toml by that line.
package struct TOMLTable: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package let key: String
        package let value: TOMLValue
        /// The line of the key (for a table: the line where it was created).
        package let line: Int
    }

    package let entries: [Entry]
    /// 1-based; 0 for the document's root table.
    package let line: Int

    package init(entries: [Entry], line: Int) {
        self.entries = entries
        self.line = line
    }

    package var keys: [String] { entries.map(\.key) }

    package subscript(_ key: String) -> TOMLValue? {
        entries.first { $0.key == key }?.value
    }

    package func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }
}
