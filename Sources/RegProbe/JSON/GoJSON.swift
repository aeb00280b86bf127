/// A JSON value as Go's `encoding/json` sees the text: objects keep every member in order (repeats included, so
/// the caller can apply "last one wins"), numbers keep their text.
package enum GoJSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([GoJSONValue])
    case object([GoJSONMember])

    /// Go's name for the JSON type in `UnmarshalTypeError` ("string", "number", "bool", "array", "object").
    package var goKind: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// For messages: "a string", "an array", ... (never the value).
    package var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value of a struct field as `encoding/json` finds it: members whose name folds to `name` (exact or
    /// case-insensitive, see ``GoJSON/foldedEqual(_:_:)``), in document order. Go assigns each in turn, so the
    /// last one wins for the value; earlier ones can still have produced type errors.
    package func fieldMembers(_ name: String) -> [GoJSONValue] {
        guard case .object(let members) = self else { return [] }
        return members.filter { GoJSON.foldedEqual($0.key, name) }.map(\.value)
    }
}

extension GoJSONValue {
    /// A field as `json.Unmarshal` fills a `string` struct field: each member named `name` in turn, `null`
    /// leaving the value as it was, so the last string wins; nil when none set it. A member of another type is
    /// Go's `UnmarshalTypeError`.
    package func stringField(_ name: String) throws(GoJSONFieldTypeError) -> String? {
        var result: String?
        for member in fieldMembers(name) {
            switch member {
            case .null: continue
            case .string(let value): result = value
            default: throw GoJSONFieldTypeError(field: name, kindDescription: member.kindDescription)
            }
        }
        return result
    }

    /// A field as `json.Unmarshal` fills an `int` struct field: as ``stringField(_:)``, and a number with a
    /// fraction or an exponent (`300.0`, `3e2`) does not fit either.
    package func intField(_ name: String) throws(GoJSONFieldTypeError) -> Int? {
        var result: Int?
        for member in fieldMembers(name) {
            switch member {
            case .null: continue
            case .number(let text):
                guard let value = Int(text) else {
                    throw GoJSONFieldTypeError(field: name, kindDescription: "a number that is not an integer")
                }
                result = value
            default: throw GoJSONFieldTypeError(field: name, kindDescription: member.kindDescription)
            }
        }
        return result
    }
}

extension GoJSONValue {
    /// The first number, in document order, that `json.Unmarshal` into an `interface{}` (or a
    /// `map[string]interface{}`) refuses, with the object keys on the way to it (array levels add none); nil when
    /// every number fits.
    ///
    /// Decoded into an interface, every JSON number becomes a `float64` through `strconv.ParseFloat(s, 64)`
    /// (`decodeState.convertNumber`, https://github.com/golang/go/blob/go1.25.0/src/encoding/json/decode.go), and
    /// its error is `UnmarshalTypeError{Value: "number " + s, Type: float64}`: `json: cannot unmarshal number 1e400
    /// into Go value of type float64`. Only overflow is an error there (`1e400`, `-1e400`, a 400-digit integer);
    /// an underflow (`1e-400`) rounds to zero without one. Map elements add no field context to the message. The
    /// decoder keeps the first error and goes on, so the first such number in document order is the one reported.
    package func firstFloat64Overflow() -> (number: String, keys: [String])? {
        switch self {
        case .number(let text):
            return GoJSON.overflowsFloat64(text) ? (text, []) : nil
        case .array(let elements):
            for element in elements {
                if let found = element.firstFloat64Overflow() { return found }
            }
            return nil
        case .object(let members):
            for member in members {
                if let found = member.value.firstFloat64Overflow() { return (found.number, [member.key] + found.keys) }
            }
            return nil
        case .null, .bool, .string:
            return nil
        }
    }
}

/// A field of the wrong JSON type (Go's `UnmarshalTypeError`): the field, and what was found for messages
/// ("a number"); never the value.
package struct GoJSONFieldTypeError: Error, Sendable, Hashable {
    package let field: String
    package let kindDescription: String
}

package struct GoJSONMember: Sendable, Hashable {
    package let key: String
    package let value: GoJSONValue
}

/// A JSON syntax error: the byte offset and what is wrong, never quoting the input (it may be a secret).
package struct GoJSONSyntaxError: Error, Sendable, Hashable {
    package let offset: Int
    package let message: String
}

package enum GoJSON {
    /// Parses one complete JSON text the way `json.Unmarshal` checks it first (`checkValid`): exactly one value,
    /// surrounded by optional whitespace. Empty input is Go's "unexpected end of JSON input". A byte order mark is
    /// a syntax error, as in Go. Invalid UTF-8 inside strings is accepted and replaced by U+FFFD, as Go does.
    package static func parse(_ bytes: [UInt8]) -> Result<GoJSONValue, GoJSONSyntaxError> {
        var parser = GoJSONParser(bytes)
        do {
            parser.skipWhitespace()
            guard !parser.atEnd else {
                return .failure(GoJSONSyntaxError(offset: bytes.count, message: "unexpected end of JSON input"))
            }
            let value = try parser.parseValue()
            parser.skipWhitespace()
            guard parser.atEnd else {
                return .failure(parser.error("invalid character after top-level value"))
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// Parses a stream of concatenated JSON values (as kubectl's JSON stream decoder reads a file that starts with
    /// `{`): each value with the offsets of its first byte and of the byte after it (`json.Decoder.InputOffset`
    /// after the value), or the syntax error that stops the stream.
    package static func parseStream(_ bytes: [UInt8])
        -> (values: [(offset: Int, end: Int, value: GoJSONValue)], error: GoJSONSyntaxError?)
    {
        var parser = GoJSONParser(bytes)
        var values: [(offset: Int, end: Int, value: GoJSONValue)] = []
        do {
            while true {
                parser.skipWhitespace()
                if parser.atEnd { return (values, nil) }
                let start = parser.index
                let value = try parser.parseValue()
                values.append((start, parser.index, value))
            }
        } catch {
            return (values, error)
        }
    }

    /// Whether two object keys select the same Go struct field: `encoding/json` tries the exact name, then
    /// `bytes.EqualFold`-style folding (R5.3: `Auths`, `USERNAME` work). Simple Unicode case folding maps only two
    /// non-ASCII characters onto ASCII letters: U+017F (long s) folds with `s`, U+212A (Kelvin sign) with `k`.
    package static func foldedEqual(_ key: String, _ name: String) -> Bool {
        func fold(_ s: String) -> [UInt32] {
            var out: [UInt32] = []
            for scalar in s.unicodeScalars {
                switch scalar.value {
                case 0x61...0x7A: out.append(scalar.value - 0x20)
                case 0x00..<0x80: out.append(scalar.value)
                case 0x017F: out.append(0x53)  // ſ ~ S
                case 0x212A: out.append(0x4B)  // K (Kelvin) ~ K
                default: out.append(scalar.value)
                }
            }
            return out
        }
        return fold(key) == fold(name)
    }

    /// Whether `strconv.ParseFloat(text, 64)` fails on a JSON number's text: it does exactly when the value rounds
    /// beyond the largest float64 (`ErrRange`, ±Inf), the same correctly rounded limit the C library's `strtod`,
    /// behind Swift's `Double(_:)`, reaches with infinity.
    package static func overflowsFloat64(_ text: String) -> Bool {
        Double(text)?.isInfinite ?? false
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, or nil.
    package static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// 1-based line and column of a byte offset (columns count characters), for messages.
    package static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

/// RFC 8259 JSON over UTF-8 bytes with Go's leniencies (invalid UTF-8 and lone surrogates become U+FFFD).
package struct GoJSONParser {
    private let bytes: [UInt8]
    private(set) var index = 0
    private var depth = 0
    /// Go allows 10000 levels; this reader stops earlier to stay well inside a thread's stack.
    static let maximumDepth = 512

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }

    mutating func parseValue() throws(GoJSONSyntaxError) -> GoJSONValue {
        guard let byte = peek else { throw error("unexpected end of JSON input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("invalid character looking for beginning of value")
        }
    }

    private mutating func parseObject() throws(GoJSONSyntaxError) -> GoJSONValue {
        try enter()
        index += 1
        var members: [GoJSONMember] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                throw atEnd
                    ? error("unexpected end of JSON input")
                    : error("invalid character looking for beginning of object key string")
            }
            let key = try parseString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw atEnd ? error("unexpected end of JSON input") : error("invalid character after object key")
            }
            index += 1
            skipWhitespace()
            members.append(GoJSONMember(key: key, value: try parseValue()))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "}")?:
                index += 1
                depth -= 1
                return .object(members)
            case nil: throw error("unexpected end of JSON input")
            default: throw error("invalid character after object key:value pair")
            }
        }
    }

    private mutating func parseArray() throws(GoJSONSyntaxError) -> GoJSONValue {
        try enter()
        index += 1
        var elements: [GoJSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "]")?:
                index += 1
                depth -= 1
                return .array(elements)
            case nil: throw error("unexpected end of JSON input")
            default: throw error("invalid character after array element")
            }
        }
    }

    private mutating func parseString() throws(GoJSONSyntaxError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                // Invalid UTF-8 becomes U+FFFD, as Go's unquote does.
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of JSON input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        if bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) {
                            let save = index
                            index += 2
                            let low = try parseHex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = save
                                scalar = 0xFFFD
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
                default:
                    index -= 1
                    throw error("invalid character in string escape code")
                }
            case 0x00..<0x20:
                throw error("invalid character in string literal")
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseHex4() throws(GoJSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid character in \\u hexadecimal character escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(GoJSONSyntaxError) -> String {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() else { throw error("invalid character in numeric literal") }
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() else { throw error("invalid character after decimal point in numeric literal") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() else { throw error("invalid character in exponent of numeric literal") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index > start
    }

    private mutating func expectLiteral(_ literal: String) throws(GoJSONSyntaxError) {
        let expected = Array(literal.utf8)
        guard bytes[index...].starts(with: expected) else {
            throw error("invalid character in literal \(literal) (expecting \(literal))")
        }
        index += expected.count
    }

    private mutating func enter() throws(GoJSONSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("exceeded max depth") }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    func error(_ message: String) -> GoJSONSyntaxError {
        GoJSONSyntaxError(offset: index, message: message)
    }
}
