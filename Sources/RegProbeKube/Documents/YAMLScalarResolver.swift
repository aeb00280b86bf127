/// What a YAML scalar becomes in the JSON kubectl builds from it: go-yaml v2's resolution, as sigs.k8s.io/yaml
/// (which kubectl reads manifests with) runs it before turning the result into JSON. Written after its source:
///
/// - the rules: `resolve` and its tables in
///   https://github.com/kubernetes-sigs/yaml/blob/master/goyaml.v2/resolve.go (go-yaml v2 as sigs.k8s.io/yaml
///   vendors it; the same as https://github.com/go-yaml/yaml/blob/v2.4.0/resolve.go, plus integers past 64 bits);
/// - when they apply: `decoder.scalar` in goyaml.v2/decode.go: a quoted scalar without a tag is a string; a plain
///   one, or one with a tag, is resolved; `!!binary` is base64-decoded; a timestamp decoded into `interface{}`
///   stays the text it was (for backward compatibility, go-yaml's comment says);
/// - merge keys: `isMerge` in goyaml.v2/decode.go: the plain scalar `<<`, or `<<` tagged `!!merge`.
///
/// The rules, in go-yaml's order, for a plain scalar (or one tagged `!!str`, `!!bool`, `!!int`, `!!float`,
/// `!!null` or `!!timestamp`; any other tag leaves the text a string):
/// 1. `!!str` (and `!!binary`) take any text as it is.
/// 2. The first byte is a hint: a sign or a digit may start a number, `.` a float, one of `yYnNtTfFoO~` a word
///    from the table below, and nothing else (`<`, a letter not in that list, ...) is ever anything but a string.
///    The empty text is looked up too (a null).
/// 3. The table: `y Y yes Yes YES true True TRUE on On ON` are true, `n N no No NO false False FALSE off Off OFF`
///    false, `~ null Null NULL` and the empty text null, `.nan .NaN .NAN` NaN, `.inf .Inf .INF +.inf +.Inf +.INF`
///    and `-.inf -.Inf -.INF` infinities. (YAML 1.1's `y`/`n` included; Yams, which regprobe used before,
///    follows PyYAML and leaves those two strings.)
/// 4. `.`: Go's `strconv.ParseFloat` (`.5`, `.5e3`).
/// 5. Sign or digit: with `_` removed, Go's `strconv.ParseInt(s, 0, 64)` (`0x1F`, `0o17`, `0b101`, `017` octal,
///    `+12`), else `ParseUint` (up to 2^64-1, no sign), else a float if it matches
///    `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` and `ParseFloat` takes it (`1e400` overflows:
///    a string), else an integer of any size (`math/big`). Base-60 (`1:30`) and timestamps stay strings.
/// 6. Anything else is a string.
///
/// An explicit tag the text does not fit (`!!int abc`) is an error, as in go-yaml (`cannot decode ...`); an
/// integer tagged `!!float` becomes a float. `KubeValue` has no unsigned or big integers: those (above
/// `Int.max`) become doubles, as `json.Unmarshal` into `interface{}` (what regprobe's rules read) makes them.
enum YAMLScalarResolver {
    /// libyaml's long form of go-yaml's short tags (`!!int` is `tag:yaml.org,2002:int` once the handle is
    /// resolved, which libyaml does).
    static let strTag = "tag:yaml.org,2002:str"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"
    static let nullTag = "tag:yaml.org,2002:null"
    static let timestampTag = "tag:yaml.org,2002:timestamp"
    static let binaryTag = "tag:yaml.org,2002:binary"
    static let mergeTag = "tag:yaml.org,2002:merge"

    /// `isMerge`: the plain (or non-specifically tagged) scalar `<<`, or `<<` tagged `!!merge`.
    static func isMergeKey(_ text: String, tag: String?, plainImplicit: Bool) -> Bool {
        text == "<<" && (plainImplicit || tag == mergeTag)
    }

    /// The value of a scalar with this text, tag (libyaml's, resolved; nil when none) and style: `plainImplicit`
    /// is libyaml's flag, set for a plain scalar without a tag or with the non-specific tag `!`. A failure is a
    /// message that does not quote the text.
    static func resolve(_ text: String, tag: String?, plainImplicit: Bool) -> Result<KubeValue, Failure> {
        // decode.go, scalar(): `n.tag == "" && !n.implicit`: quoted, untagged.
        guard tag != nil || plainImplicit else { return .success(.string(text)) }
        let tag = tag ?? ""
        if tag == binaryTag {
            switch GoBase64.decode(Array(text.utf8), padded: true) {
            case .success(let bytes): return .success(.string(String(decoding: bytes, as: UTF8.self)))
            case .failure: return .failure(Failure(message: "!!binary value contains invalid base64 data"))
            }
        }
        guard resolvable.contains(tag) else { return .success(.string(text)) }
        let (resolvedTag, value) = implicit(text, tag: tag)
        if tag == "" || tag == resolvedTag || tag == strTag { return .success(value) }
        if tag == floatTag, resolvedTag == intTag, case .int(let i) = value { return .success(.double(Double(i))) }
        return .failure(
            Failure(
                message: "cannot decode \(short(resolvedTag)) as \(short(tag)) (the value does not fit its "
                    + "explicit tag)"))
    }

    struct Failure: Error, Sendable, Hashable {
        let message: String
    }

    // MARK: - go-yaml's rules

    /// `resolvableTag`.
    private static let resolvable: Set<String> = ["", strTag, boolTag, intTag, floatTag, nullTag, timestampTag]

    /// `resolveMap`: the words, and what they resolve to.
    private static func word(_ text: String) -> KubeValue? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": .bool(true)
        case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": .bool(false)
        case "", "~", "null", "Null", "NULL": .null
        case ".nan", ".NaN", ".NAN": .double(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": .double(-.infinity)
        default: nil
        }
    }

    /// `resolve` without the check of an explicit tag: the tag it resolves to, and the value. Timestamps are
    /// resolved as strings (what they become in `interface{}`).
    private static func implicit(_ text: String, tag: String) -> (String, KubeValue) {
        let hint: UInt8
        if let first = text.utf8.first {
            switch first {
            case UInt8(ascii: "+"), UInt8(ascii: "-"): hint = UInt8(ascii: "S")
            case UInt8(ascii: "0")...UInt8(ascii: "9"): hint = UInt8(ascii: "D")
            case UInt8(ascii: "."): hint = UInt8(ascii: ".")
            default: hint = "yYnNtTfFoO~".utf8.contains(first) ? UInt8(ascii: "M") : 0
            }
        } else {
            hint = UInt8(ascii: "N")
        }
        guard hint != 0, tag != strTag else { return (strTag, .string(text)) }
        if let word = word(text) {
            switch word {
            case .bool: return (boolTag, word)
            case .null: return (nullTag, word)
            default: return (floatTag, word)
            }
        }
        switch hint {
        case UInt8(ascii: "."):
            if isDotFloat(text), let d = Double(text), d.isFinite { return (floatTag, .double(d)) }
        case UInt8(ascii: "D"), UInt8(ascii: "S"):
            if tag == "" || tag == timestampTag, isTimestamp(text) { return (timestampTag, .string(text)) }
            let plain = text.filter { $0 != "_" }
            switch goParseInteger(plain) {
            case .int(let i): return (intTag, .int(i))
            case .unsigned(let d): return (intTag, .double(d))
            case .outOfRange(let d):
                if let f = yamlStyleFloat(plain) { return (floatTag, .double(f)) }
                return (intTag, .double(d))
            case .invalid:
                if let f = yamlStyleFloat(plain) { return (floatTag, .double(f)) }
            }
        default:
            break
        }
        return (strTag, .string(text))
    }

    /// `!!int` for messages, as go-yaml's `shortTag` writes it.
    private static func short(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

    /// What `strconv.ParseFloat` takes after a leading `.`: `.` digits, then an optional exponent.
    private static func isDotFloat(_ text: String) -> Bool {
        yamlStyleFloat(text) != nil
    }

    /// `yamlStyleFloat` (`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`) then `ParseFloat`, which fails
    /// on overflow; nil when either says no.
    private static func yamlStyleFloat(_ text: String) -> Double? {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes.removeFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes.removeFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes.removeFirst()
            guard digits() > 0 else { return nil }
        } else {
            guard digits() > 0 else { return nil }
            if bytes.first == UInt8(ascii: ".") {
                bytes.removeFirst()
                _ = digits()
            }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes.removeFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return nil }
        }
        guard bytes.isEmpty, let d = Double(text), d.isFinite else { return nil }
        return d
    }

    enum GoInteger: Equatable {
        case int(Int)
        /// Above `Int.max`, within `UInt64` (`ParseUint`; no sign).
        case unsigned(Double)
        /// Past 64 bits: `big.Int`'s value.
        case outOfRange(Double)
        case invalid
    }

    /// `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`, then `big.Int.SetString(s, 0)`: an optional
    /// sign, then `0x`/`0X` hexadecimal, `0b`/`0B` binary, `0o`/`0O` or a leading `0` octal, else decimal; at
    /// least one digit. (`_` is removed before: go-yaml does.)
    static func goParseInteger(_ text: String) -> GoInteger {
        var bytes = Substring(text).utf8[...]
        var negative = false
        var signed = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            signed = true
            bytes.removeFirst()
        }
        var radix: UInt64 = 10
        if bytes.count >= 2, bytes.first == UInt8(ascii: "0") {
            switch bytes[bytes.index(after: bytes.startIndex)] | 0x20 {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "b"): radix = 2
            case UInt8(ascii: "o"): radix = 8
            default: radix = 0  // "017": octal, the 0 alone is the prefix
            }
            bytes.removeFirst(radix == 0 ? 1 : 2)
            if radix == 0 { radix = 8 }
        }
        guard !bytes.isEmpty else { return .invalid }
        var magnitude: UInt64 = 0
        var overflow = false
        var approximate = 0.0
        for byte in bytes {
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return .invalid
            }
            guard digit < radix else { return .invalid }
            approximate = approximate * Double(radix) + Double(digit)
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            magnitude = sum
        }
        if !overflow {
            if negative, magnitude <= UInt64(Int.max) + 1 {
                return .int(magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude))
            }
            if !negative, magnitude <= UInt64(Int.max) { return .int(Int(magnitude)) }
            if !negative, !signed { return .unsigned(Double(magnitude)) }
        }
        return .outOfRange(negative ? -approximate : approximate)
    }

    /// `parseTimestamp`: `YYYY-` first, then one of go-yaml's `time.Parse` layouts: `2006-1-2`,
    /// `2006-1-2 15:4:5.999999999` and `2006-1-2T15:4:5.999999999Z07:00` (`T` or `t`), with Go's ranges.
    static func isTimestamp(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func number(_ minimum: Int, _ maximum: Int) -> Int? {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.prefix(maximum).count
            guard count >= minimum else { return nil }
            let value = bytes.prefix(count).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            bytes.removeFirst(count)
            return value
        }
        func take(_ c: Character) -> Bool {
            guard bytes.first == c.asciiValue else { return false }
            bytes.removeFirst()
            return true
        }
        guard let year = number(4, 4), take("-"), let month = number(1, 2), take("-"), let day = number(1, 2),
            (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        if bytes.isEmpty { return true }
        let zoned: Bool
        if take("T") || take("t") {
            zoned = true
        } else if take(" ") {
            zoned = false
        } else {
            return false
        }
        guard let hour = number(1, 2), take(":"), let minute = number(1, 2), take(":"), let second = number(1, 2),
            hour < 24, minute < 60, second < 60
        else { return false }
        if take(".") {
            guard number(1, Int.max) != nil else { return false }
        }
        if !zoned { return bytes.isEmpty }
        if take("Z") { return bytes.isEmpty }
        guard take("+") || take("-"), let zoneHours = number(2, 2), take(":"), let zoneMinutes = number(2, 2),
            zoneHours < 24, zoneMinutes < 60
        else { return false }
        return bytes.isEmpty
    }
}
