/// A token scope, `repository:<path>:<actions>`.
/// https://distribution.github.io/distribution/spec/auth/scope/
public struct Scope: Sendable, Hashable, CustomStringConvertible {
    public let resourceType: String
    public let name: String
    public let actions: [String]

    public init(resourceType: String = "repository", name: String, actions: [String]) {
        self.resourceType = resourceType
        self.name = name
        self.actions = actions
    }

    public static func pull(_ repository: String) -> Scope { Scope(name: repository, actions: ["pull"]) }

    public var description: String { "\(resourceType):\(name):\(actions.joined(separator: ","))" }

    /// Parses `type:name:actions`; the name may itself hold a `:` (a registry host with a port), so the type is
    /// split at the first colon and the actions at the last.
    public init?(parsing text: String) {
        guard let first = text.firstIndex(of: ":"), let last = text.lastIndex(of: ":"), first < last else { return nil }
        resourceType = String(text[..<first])
        name = String(text[text.index(after: first)..<last])
        actions = text[text.index(after: last)...].split(separator: ",").map(String.init)
    }
}
