import RegProbe

/// Whether kubectl reads a manifest stream as JSON values or as YAML documents, and where it switches from one to
/// the other: a port of apimachinery's `YAMLOrJSONDecoder.Decode` as it is since Kubernetes 1.33 (kubernetes PR
/// 130666, "Better handling of YAML that tastes like JSON", with the fix of PR 131702; apimachinery commits
/// 9b3d085, a491781 and f4fdaa0),
/// https://github.com/kubernetes/apimachinery/blob/master/pkg/util/yaml/decoder.go
/// called the way kubectl's `StreamVisitor` calls it (`NewYAMLOrJSONDecoder(r, 4096)`, each object decoded into
/// a `RawExtension`, which takes any JSON value),
/// https://github.com/kubernetes/cli-runtime/blob/master/pkg/resource/visitor.go
///
/// 1. `GuessJSONStream`: the input may be JSON when its first 4,096 bytes, after leading white space
///    (`unicode.IsSpace`: Unicode's White_Space), start with `{`. Otherwise all of it is YAML.
/// 2. JSON values are decoded one after the other (`json.Decoder`: `{}{}` and `{}\n{}` are two values); each one
///    decoded adds to `count`. The end of the input ends the stream.
/// 3. At the first value that is not valid JSON: after more than one value (`count > 1`) the input is a JSON
///    stream, and it ends there with the JSON error. After zero or one value the stream is still ambiguous (a
///    single JSON object is also YAML), so the decoder rewinds to the end of the last value decoded (the start
///    of the input when there was none), eats white space up to and including the first line feed
///    (`consumeWhitespace`), and reads the rest as YAML documents; it never switches back.
/// 4. `consumeWhitespace` reads four bytes at a time and gives up, leaving the JSON error as the answer, when
///    fewer than four bytes are left or the next character is U+FFFD (Go's `utf8.RuneError`).
///
/// So `{"a": 1}` then `---` and YAML documents is one JSON document and YAML after it; two JSON objects then
/// `---` stop at the `---`; a YAML document that merely starts with `{` (comments, trailing commas, unquoted
/// keys) is not JSON, so the whole input is read as YAML.
enum YAMLOrJSONDecoder {
    /// How much of the input `GuessJSONStream` looks at (kubectl's buffer size).
    static let sniffLength = 4096

    /// What to read as what.
    struct Plan {
        /// The values decoded as JSON, in order, with the offsets of their first byte and of the byte after them.
        var json: [(offset: Int, end: Int, value: GoJSONValue)] = []
        /// The JSON error that ended the JSON values; when ``yamlStart`` is nil it is where the input ends.
        var jsonError: GoJSONSyntaxError?
        /// The offset from which the rest of the input is YAML documents; nil when no YAML is read.
        var yamlStart: Int?
    }

    static func plan(_ bytes: [UInt8]) -> Plan {
        guard mayBeJSON(bytes) else { return Plan(yamlStart: 0) }
        let stream = GoJSON.parseStream(bytes)
        var plan = Plan(json: stream.values, jsonError: stream.error)
        guard stream.error != nil, stream.values.count <= 1 else { return plan }
        plan.yamlStart = afterWhitespace(from: stream.values.last?.end ?? 0, in: bytes)
        return plan
    }

    /// `GuessJSONStream`: the first 4,096 bytes, after leading white space, start with `{`.
    static func mayBeJSON(_ bytes: [UInt8]) -> Bool {
        let window = String(decoding: bytes.prefix(sniffLength), as: UTF8.self)
        return window.unicodeScalars.first { !$0.properties.isWhitespace } == "{"
    }

    /// `consumeWhitespace` from `offset`: the offset of the first character that is not white space, or just
    /// after the first line feed, whichever comes first; nil where Go's gives up (fewer than four bytes left, or
    /// U+FFFD). The input is valid UTF-8 (the loader checks it first).
    static func afterWhitespace(from offset: Int, in bytes: [UInt8]) -> Int? {
        var position = offset
        while bytes.count - position >= 4 {
            var iterator = bytes[position...].makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            guard case .valid(let encoded) = parser.parseScalar(from: &iterator) else { return nil }
            let scalar = Unicode.UTF8.decode(encoded)
            if scalar == "\u{FFFD}" { return nil }
            if !scalar.properties.isWhitespace { return position }
            position += encoded.count
            if scalar == "\n" { return position }
        }
        return nil
    }
}
