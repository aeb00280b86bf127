/// A reader of TOML 1.0 (https://toml.io/en/v1.0.0) for hosts.toml files: comments, bare, quoted and dotted keys,
/// `[table]` headers, basic and literal strings (single- and multi-line), integers, floats, booleans, arrays and
/// inline tables, with TOML's rules on defining a table or a key twice. Dates, times and arrays of tables
/// (`[[...]]`) are valid TOML that containerd's hosts.toml never uses: they are refused as
/// ``TOMLError/Kind/unsupported``, naming the file and the line, so no prediction is made from a file read in part.
/// Why not a TOML package: see the README's "Design notes" (TOMLKit brings Foundation onto the check's path).
package struct TOMLReader {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1

    /// Reads `text` (UTF-8; a leading byte order mark is skipped). `file` names the file in errors.
    package static func read(_ text: [UInt8], file: String) throws(TOMLError) -> TOMLTable {
        var reader = TOMLReader(bytes: text, file: file)
        return try reader.document()
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    // MARK: The document

    private mutating func document() throws(TOMLError) -> TOMLTable {
        let root = Node(origin: .root, line: 0)
        var current = root
        while true {
            skipSpaces()
            guard let byte = peek() else { break }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try endOfLine(after: "a comment")
            case UInt8(ascii: "["):
                current = try header(root: root)
                try endOfLine(after: "a table header")
            default:
                try keyValue(into: current)
                try endOfLine(after: "a value")
            }
        }
        return root.freeze()
    }

    /// `[a.b.c]`: a table of its own. Tables on the way are created (implicitly) when missing; the last one must
    /// not be defined already, except as such an implicit table.
    private mutating func header(root: Node) throws(TOMLError) -> Node {
        let headerLine = line
        index += 1
        if peek() == UInt8(ascii: "[") {
            throw unsupported("arrays of tables ([[...]]) are not read here (hosts.toml does not use them)")
        }
        skipSpaces()
        let keys = try key()
        skipSpaces()
        guard peek() == UInt8(ascii: "]") else {
            throw invalid("expected ] to close the table header, found \(found())")
        }
        index += 1
        var table = root
        for (position, name) in keys.enumerated() {
            let path = Self.display(keys[...position])
            switch table.slots[name] {
            case nil:
                let created = Node(origin: position == keys.count - 1 ? .header : .implicit, line: headerLine)
                table.add(name, .table(created), line: headerLine)
                table = created
            case .table(let existing):
                if position == keys.count - 1 {
                    guard existing.origin == .implicit else { throw invalid("table \(path) is defined twice") }
                    existing.origin = .header
                }
                table = existing
            case .value(let value):
                throw invalid("\(path) is \(value.kindDescription) defined before, not a table that can be extended")
            }
        }
        return table
    }

    /// `key = value` into `table`; dotted keys create (or extend tables created by) dotted keys.
    private mutating func keyValue(into table: Node) throws(TOMLError) {
        let keyLine = line
        let keys = try key()
        skipSpaces()
        guard peek() == UInt8(ascii: "=") else {
            throw invalid("expected = after the key \(Self.display(keys[...])), found \(found())")
        }
        index += 1
        skipSpaces()
        let value = try self.value()
        var target = table
        for (position, name) in keys.dropLast().enumerated() {
            let path = Self.display(keys[...position])
            switch target.slots[name] {
            case nil:
                let created = Node(origin: .dotted, line: keyLine)
                target.add(name, .table(created), line: keyLine)
                target = created
            case .table(let existing):
                guard existing.origin == .dotted else {
                    throw invalid("table \(path) is defined elsewhere and cannot be extended with dotted keys")
                }
                target = existing
            case .value(let value):
                throw invalid("\(path) is \(value.kindDescription) defined before, not a table that can be extended")
            }
        }
        let last = keys[keys.count - 1]
        guard target.slots[last] == nil else { throw invalid("key \(Self.display(keys[...])) is defined twice") }
        target.add(last, .value(value), line: keyLine)
    }

    /// `a`, `"a b"`, `'a'`, `a . b . "c"`.
    private mutating func key() throws(TOMLError) -> [String] {
        var keys = [try simpleKey()]
        while true {
            let save = index
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else {
                index = save
                break
            }
            index += 1
            skipSpaces()
            keys.append(try simpleKey())
        }
        return keys
    }

    private mutating func simpleKey() throws(TOMLError) -> String {
        switch peek() {
        case UInt8(ascii: "\""):
            if starts(with: "\"\"\"") { throw invalid("a multi-line string cannot be a key") }
            return try basicString()
        case UInt8(ascii: "'"):
            if starts(with: "'''") { throw invalid("a multi-line string cannot be a key") }
            return try literalString()
        default:
            let start = index
            while let byte = peek(), Self.isBareKey(byte) { index += 1 }
            guard index > start else { throw invalid("expected a key, found \(found())") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
    }

    // MARK: Values

    private mutating func value() throws(TOMLError) -> TOMLValue {
        guard let byte = peek() else { throw invalid("expected a value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(starts(with: "\"\"\"") ? try multiLineBasicString() : try basicString())
        case UInt8(ascii: "'"):
            return .string(starts(with: "'''") ? try multiLineLiteralString() : try literalString())
        case UInt8(ascii: "["):
            return try array()
        case UInt8(ascii: "{"):
            return try inlineTable()
        case UInt8(ascii: "t") where starts(with: "true"):
            index += 4
            return .boolean(true)
        case UInt8(ascii: "f") where starts(with: "false"):
            index += 5
            return .boolean(false)
        default:
            return try number()
        }
    }

    private mutating func array() throws(TOMLError) -> TOMLValue {
        index += 1
        var values: [TOMLValue] = []
        while true {
            try skipSpacesNewlinesAndComments()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(values)
            }
            values.append(try value())
            try skipSpacesNewlinesAndComments()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(values)
            default: throw invalid("expected , or ] in an array, found \(found())")
            }
        }
    }

    /// `{ a = 1, b.c = "x" }`: on one line, no trailing comma (TOML 1.0); complete once closed.
    private mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        let table = Node(origin: .inline, line: line)
        index += 1
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .table(table.freeze())
        }
        while true {
            skipSpaces()
            try keyValue(into: table)
            skipSpaces()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                skipSpaces()
                if peek() == UInt8(ascii: "}") { throw invalid("an inline table cannot end with a comma (TOML 1.0)") }
            case UInt8(ascii: "}"):
                index += 1
                return .table(table.freeze())
            default:
                throw invalid("expected , or } in an inline table (one line, no newline), found \(found())")
            }
        }
    }

    /// Integers (decimal, `0x`, `0o`, `0b`, with `_` between digits) and floats (fraction, exponent, `inf`, `nan`).
    private mutating func number() throws(TOMLError) -> TOMLValue {
        let start = index
        while let byte = peek(), Self.isNumberCharacter(byte) { index += 1 }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !token.isEmpty else { throw invalid("expected a value, found \(found())") }
        if Self.looksLikeDateOrTime(token) {
            throw unsupported("dates and times are not read here (hosts.toml does not use them): \(token)")
        }
        if let value = Self.number(token) { return value }
        throw invalid("\(token) is not a TOML value (string, number, boolean, array or table)")
    }

    // MARK: Strings

    private mutating func basicString() throws(TOMLError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else { throw invalid("the string is not closed before the end of the file") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try utf8(out)
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &out)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw invalid("the string is not closed on its line (use \"\"\" for a multi-line string)")
            default:
                try checkStringByte(byte)
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func multiLineBasicString() throws(TOMLError) -> String {
        index += 3
        try skipFirstNewline()
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else { throw invalid("the string is not closed before the end of the file") }
            switch byte {
            case UInt8(ascii: "\""):
                if let closed = try closeMultiLine(quote: byte, into: &out) { return closed }
            case UInt8(ascii: "\\"):
                index += 1
                let save = index
                skipSpaces()
                if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") {
                    // A line-ending backslash: the newline and the whitespace that follows are trimmed.
                    while peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") || Self.isSpace(peek()) {
                        if Self.isSpace(peek()) { index += 1 } else { try newline() }
                    }
                } else {
                    index = save
                    try escape(into: &out)
                }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try newline()
                out.append(UInt8(ascii: "\n"))
            default:
                try checkStringByte(byte)
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func literalString() throws(TOMLError) -> String {
        index += 1
        let start = index
        while true {
            guard let byte = peek() else { throw invalid("the string is not closed before the end of the file") }
            switch byte {
            case UInt8(ascii: "'"):
                index += 1
                return try utf8(Array(bytes[start..<index - 1]))
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw invalid("the string is not closed on its line (use ''' for a multi-line string)")
            default:
                try checkStringByte(byte)
                index += 1
            }
        }
    }

    private mutating func multiLineLiteralString() throws(TOMLError) -> String {
        index += 3
        try skipFirstNewline()
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else { throw invalid("the string is not closed before the end of the file") }
            switch byte {
            case UInt8(ascii: "'"):
                if let closed = try closeMultiLine(quote: byte, into: &out) { return closed }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try newline()
                out.append(UInt8(ascii: "\n"))
            default:
                try checkStringByte(byte)
                out.append(byte)
                index += 1
            }
        }
    }

    /// At a quote inside a multi-line string: three to five quotes close it (the first one or two belong to the
    /// string), fewer are content, more are an error.
    private mutating func closeMultiLine(quote: UInt8, into out: inout [UInt8]) throws(TOMLError) -> String? {
        var count = 0
        while peek() == quote {
            count += 1
            index += 1
        }
        if count < 3 {
            out += Array(repeating: quote, count: count)
            return nil
        }
        guard count <= 5 else { throw invalid("too many quotes (\(count)) where a multi-line string ends") }
        out += Array(repeating: quote, count: count - 3)
        return try utf8(out)
    }

    private mutating func skipFirstNewline() throws(TOMLError) {
        if peek() == UInt8(ascii: "\n") || (peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
            try newline()
        }
    }

    /// After a backslash in a basic string: TOML 1.0's escapes (`\xHH` and `\e` are TOML 1.1 only).
    private mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
        guard let byte = peek() else { throw invalid("the string is not closed before the end of the file") }
        index += 1
        switch byte {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "\""): out.append(byte)
        case UInt8(ascii: "\\"): out.append(byte)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = byte == UInt8(ascii: "u") ? 4 : 8
            guard index + digits <= bytes.count,
                let code = UInt32(String(decoding: bytes[index..<index + digits], as: UTF8.self), radix: 16),
                bytes[index..<index + digits].allSatisfy(Self.isHexDigit),
                let scalar = Unicode.Scalar(code)
            else {
                throw invalid("\\\(Character(Unicode.Scalar(byte))) needs \(digits) hex digits of a Unicode scalar")
            }
            index += digits
            out += Array(String(Character(scalar)).utf8)
        default:
            throw invalid("\\\(Self.describe(byte)) is not an escape of TOML 1.0")
        }
    }

    /// Control characters other than tab are not allowed in strings.
    private func checkStringByte(_ byte: UInt8) throws(TOMLError) {
        if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw invalid("control character \(Self.describe(byte)) in a string (escape it)")
        }
    }

    private func utf8(_ out: [UInt8]) throws(TOMLError) -> String {
        guard let text = String(validating: out, as: UTF8.self) else { throw invalid("a string is not valid UTF-8") }
        return text
    }

    // MARK: Spaces, comments, newlines

    private mutating func skipSpaces() {
        while Self.isSpace(peek()) { index += 1 }
    }

    /// Inside arrays: spaces, newlines and comments.
    private mutating func skipSpacesNewlinesAndComments() throws(TOMLError) {
        while let byte = peek() {
            if Self.isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                try newline()
            } else if byte == UInt8(ascii: "#") {
                try comment()
            } else {
                return
            }
        }
    }

    /// Spaces, an optional comment, then a newline or the end of the file.
    private mutating func endOfLine(after what: String) throws(TOMLError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#") { try comment() }
        guard peek() != nil else { return }
        guard peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") else {
            throw invalid("expected the end of the line after \(what), found \(found())")
        }
        try newline()
    }

    private mutating func comment() throws(TOMLError) {
        let start = index
        index += 1
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n") { break }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                throw invalid("control character \(Self.describe(byte)) in a comment")
            }
            index += 1
        }
        guard String(validating: bytes[start..<index], as: UTF8.self) != nil else {
            throw invalid("a comment is not valid UTF-8")
        }
    }

    /// `\n` or `\r\n` (a lone `\r` is not a newline in TOML).
    private mutating func newline() throws(TOMLError) {
        if peek() == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else { throw invalid("a carriage return not followed by a newline") }
            index += 1
        }
        index += 1
        line += 1
    }

    // MARK: Helpers

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { bytes[index..<index + count].elementsEqual($0) }
    }

    private func found() -> String {
        guard let byte = peek() else { return "the end of the file" }
        return Self.describe(byte)
    }

    private func invalid(_ message: String) -> TOMLError {
        TOMLError(.invalid, file: file, line: line, message)
    }

    private func unsupported(_ message: String) -> TOMLError {
        TOMLError(.unsupported, file: file, line: line, message)
    }

    private static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): "the end of the line"
        case 0x21...0x7E: "`\(Character(Unicode.Scalar(byte)))`"
        default: "byte 0x" + String(byte, radix: 16, uppercase: true)
        }
    }

    private static func isSpace(_ byte: UInt8?) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default: false
        }
    }

    private static func isNumberCharacter(_ byte: UInt8) -> Bool {
        isBareKey(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    /// `1979-05-27...` or `07:32:00...`: a TOML date, date-time or time.
    private static func looksLikeDateOrTime(_ token: String) -> Bool {
        let u = Array(token.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= u.count && u[range].allSatisfy { (0x30...0x39).contains($0) }
        }
        return (digits(0..<4) && u.count > 4 && u[4] == UInt8(ascii: "-"))
            || (digits(0..<2) && u.count > 2 && u[2] == UInt8(ascii: ":"))
    }

    /// A TOML integer or float, or nil when `token` is neither.
    static func number(_ token: String) -> TOMLValue? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = token.dropFirst(2)
            guard grouped(digits, allowed: { radix == 16 ? isHexDigit($0) : ($0 >= 0x30 && $0 < 0x30 + UInt8(radix)) }),
                let value = Int64(digits.filter { $0 != "_" }, radix: radix)
            else { return nil }
            return .integer(value)
        }
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        let exponentAt = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = exponentAt.map { body[..<$0] } ?? body
        let dot = mantissa.firstIndex(of: ".")
        let integerPart = dot.map { mantissa[..<$0] } ?? mantissa
        guard grouped(integerPart, allowed: isDigit),
            integerPart.count == 1 || integerPart.first != "0"
        else { return nil }
        if let dot, !grouped(mantissa[mantissa.index(after: dot)...], allowed: isDigit) { return nil }
        if let exponentAt {
            var exponent = body[body.index(after: exponentAt)...]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard grouped(exponent, allowed: isDigit) else { return nil }
        }
        let plain = token.filter { $0 != "_" }
        if dot == nil && exponentAt == nil {
            return Int64(plain).map { .integer($0) }
        }
        return Double(plain).map { .float($0) }
    }

    /// Digits, with single `_` only between two digits.
    private static func grouped(_ text: Substring, allowed: (UInt8) -> Bool) -> Bool {
        let u = Array(text.utf8)
        guard let first = u.first, let last = u.last, allowed(first), allowed(last) else { return false }
        for (i, byte) in u.enumerated() where !allowed(byte) {
            guard byte == UInt8(ascii: "_"), allowed(u[i - 1]), allowed(u[i + 1]) else { return false }
        }
        return true
    }

    /// `a."b c".d`, for messages.
    private static func display(_ keys: ArraySlice<String>) -> String {
        keys.map { key in
            !key.isEmpty && key.utf8.allSatisfy(isBareKey) ? key : "\"" + key + "\""
        }.joined(separator: ".")
    }

    /// A table while the file is read: its keys in order, how it came to be (TOML's rules on defining a table
    /// twice depend on it), and the line where it was created.
    private final class Node {
        enum Origin {
            case root
            /// `[a.b]`.
            case header
            /// A table on the way to a header (`a` of `[a.b]`): a later `[a]` may still define it.
            case implicit
            /// Created by a dotted key (`a.b = 1` creates `a`).
            case dotted
            /// `{ ... }`.
            case inline
        }

        enum Slot {
            case value(TOMLValue)
            case table(Node)
        }

        var origin: Origin
        let line: Int
        private(set) var order: [(key: String, line: Int)] = []
        private(set) var slots: [String: Slot] = [:]

        init(origin: Origin, line: Int) {
            self.origin = origin
            self.line = line
        }

        func add(_ key: String, _ slot: Slot, line: Int) {
            order.append((key, line))
            slots[key] = slot
        }

        func freeze() -> TOMLTable {
            TOMLTable(
                entries: order.map { key, line in
                    switch slots[key]! {
                    case .value(let value): TOMLTable.Entry(key: key, value: value, line: line)
                    case .table(let node): TOMLTable.Entry(key: key, value: .table(node.freeze()), line: node.line)
                    }
                },
                line: line)
        }
    }
}
