/// One YAML or JSON value of a Kubernetes document, independent of the parser that read it.
///
/// Objects keep their members in document order. Repeated keys can only come from JSON input (a YAML document
/// with a repeated key is a ``DocumentProblem``, as kubectl's strict field validation refuses it); they are kept,
/// and ``subscript(_:)`` returns the last occurrence, as Go's `encoding/json` lets the last one win.
///
/// Scalars are typed the way kubectl's YAML reader (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1) types them: an
/// unquoted `yes`, `on`, `true` is a boolean, `0x1F` and `1_000` are integers, `1.5` a double, `~`/`null`/empty a
/// null; anything quoted is a string. Base64 text in a Secret's `data` is a string (an unquoted all-digit value
/// such as `1234` would be a number, as it is for kubectl, and the API server would refuse it).
public indirect enum KubeValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([KubeValue])
    case object([KubeMember])

    /// The last member named `key` of an object (exact, case-sensitive, as Kubernetes field names are); nil for
    /// other values or when absent.
    public subscript(_ key: String) -> KubeValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// Follows object keys: `value[path: "spec", "template", "spec"]`.
    public subscript(path keys: String...) -> KubeValue? {
        var current: KubeValue? = self
        for key in keys {
            current = current?[key]
        }
        return current
    }

    /// The string, when this is a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements, when this is an array.
    public var array: [KubeValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members, when this is an object.
    public var members: [KubeMember]? {
        if case .object(let m) = self { return m }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// A scalar as text, the way sigs.k8s.io/yaml turns a map key into a JSON key: strings as is, `true`/`false`,
    /// decimal integers, Go-style floats, `null`; nil for arrays and objects.
    public var scalarText: String? {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d.description
        case .string(let s): s
        case .array, .object: nil
        }
    }

    /// ``scalarText`` except for `null`: what a string field holds when written as a scalar; nil when absent.
    public var text: String? {
        self == .null ? nil : scalarText
    }

    /// For messages: "a string", "a number", "an object", ... (never the value itself).
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}

/// One member of a ``KubeValue/object(_:)``.
public struct KubeMember: Sendable, Hashable {
    public let key: String
    public let value: KubeValue

    public init(_ key: String, _ value: KubeValue) {
        self.key = key
        self.value = value
    }
}
