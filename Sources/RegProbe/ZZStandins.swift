// TEMPORARY stand-ins until the reference and credential files land. Delete when they do.
public struct Digest: Sendable, Hashable, CustomStringConvertible {
    public let algorithm: String
    public let encoded: String
    public var description: String { algorithm + ":" + encoded }
    public init?(parsing: String) { let p = parsing.split(separator: ":"); guard p.count == 2 else { return nil }; algorithm = String(p[0]); encoded = String(p[1]) }
    public var short: String { algorithm + ":" + String(encoded.prefix(12)) }
}
public struct RegistryHost: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public var description: String { name }
    public var hostname: String { name.split(separator: ":").first.map(String.init) ?? name }
    public var port: Int? { nil }
    public var isDockerHub: Bool { name == "docker.io" }
    public var dialAuthority: String { isDockerHub ? "registry-1.docker.io" : name }
    public var isLoopback: Bool { hostname == "localhost" || hostname.hasPrefix("127.") }
    public init(_ name: String) { self.name = name }
}
public struct ReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public let input: String
    public let reason: String
    public var description: String { "invalid reference \"\(input)\": \(reason)" }
}
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    public let original: String
    public let registry: RegistryHost
    public let repository: String
    public let tag: String?
    public let digest: Digest?
    public var effectiveTag: String? { tag ?? (digest == nil ? "latest" : nil) }
    public var identifier: String { digest?.description ?? effectiveTag! }
    public var normalized: String { registry.name + "/" + repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@\($0)" } ?? "") }
    public var description: String { normalized }
    public static func parse(_ input: String) -> Result<ImageReference, ReferenceError> {
        var rest = Substring(input); var digest: Digest? = nil
        if let at = rest.firstIndex(of: "@") { digest = Digest(parsing: String(rest[rest.index(after: at)...])); rest = rest[..<at] }
        var tag: String? = nil
        if let c = rest.lastIndex(of: ":"), !rest[c...].contains("/") { tag = String(rest[rest.index(after: c)...]); rest = rest[..<c] }
        let parts = rest.split(separator: "/", maxSplits: 1)
        if parts.count == 2, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" {
            return .success(ImageReference(original: input, registry: RegistryHost(String(parts[0])), repository: String(parts[1]), tag: tag, digest: digest))
        }
        if input.lowercased() != input { return .failure(ReferenceError(input: input, reason: "repository name must be lowercase")) }
        let repo = parts.count == 1 ? "library/" + rest : String(rest)
        return .success(ImageReference(original: input, registry: RegistryHost("docker.io"), repository: repo, tag: tag, digest: digest))
    }
}
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
