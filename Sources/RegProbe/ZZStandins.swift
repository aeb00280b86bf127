// TEMPORARY stand-ins until the reference and credential files land. Delete when they do.
public struct Credential: Sendable, Hashable {
    public let username: String
    public let password: String
    public init(username: String, password: String) { self.username = username; self.password = password }
}
public enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    case flags, environment, authFile(path: String, key: String), anonymous
    public var description: String { switch self { case .flags: "flags"; case .environment: "env"; case .authFile(let p, let k): "\(p) (key \(k))"; case .anonymous: "anonymous" } }
}
public struct DockerConfigError: Error, Sendable, Hashable, CustomStringConvertible { public let path: String; public let reason: String; public var description: String { path + ": " + reason } }
public struct DockerConfig: Sendable {
    public let path: String
    public static func load(path: String) throws(DockerConfigError) -> DockerConfig { DockerConfig(path: path) }
    public func credential(for registry: RegistryHost, repository: String?) -> (key: String, credential: Credential)? { nil }
}
public struct AuthChallenge: Sendable, Hashable {
    public let scheme: String
    public let parameters: [String: String]
    public let token68: String?
    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    public var scope: String? { parameters["scope"] }
    public var error: String? { parameters["error"] }
    public static func parse(headerValues: [String]) -> [AuthChallenge] {
        headerValues.compactMap { v in
            guard let sp = v.firstIndex(of: " ") else { return nil }
            var params: [String: String] = [:]
            var key = ""; var val = ""; var inQ = false; var inKey = true
            for ch in v[v.index(after: sp)...] {
                if inKey { if ch == "=" { inKey = false } else if ch != "," && ch != " " { key.append(ch) } ; continue }
                if ch == "\"" { inQ.toggle(); continue }
                if ch == "," && !inQ { params[key.lowercased()] = val; key = ""; val = ""; inKey = true; continue }
                val.append(ch)
            }
            if !key.isEmpty { params[key.lowercased()] = val }
            return AuthChallenge(scheme: v[..<sp].lowercased(), parameters: params, token68: nil)
        }
    }
    public static func preferred(_ c: [AuthChallenge]) -> AuthChallenge? { c.first { $0.scheme == "bearer" } ?? c.first { $0.scheme == "basic" } }
}
