/// A TOML value as ``TOMLReader`` reads it: the subset hosts.toml files use (strings, integers, floats, booleans,
/// arrays, tables). Dates and times are refused by the reader (``TOMLError/Kind/unsupported``).
/// https://toml.io/en/v1.0.0
package enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// For messages: "a string", "an array", ... (never the value).
    package var kindDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}
