#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Docker `config.json` (`~/.docker/config.json`, `$DOCKER_CONFIG/config.json`) or a containers `auth.json`
/// (`$REGISTRY_AUTH_FILE`, `${XDG_RUNTIME_DIR}/containers/auth.json`): the stored registry logins.
///
///     {
///       "auths": {
///         "https://index.docker.io/v1/": { "auth": "dXNlcjpwYXNzd29yZA==" },
///         "ghcr.io": { "username": "me", "password": "ghp_..." },
///         "quay.io/org/app": { "auth": "..." },
///         "myregistry.azurecr.io": { "auth": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==", "identitytoken": "..." }
///       },
///       "credsStore": "desktop",
///       "credHelpers": { "123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login" }
///     }
///
/// Formats: Docker CLI `configfile.ConfigFile` / `types.AuthConfig`
/// (https://github.com/docker/cli/blob/master/cli/config/configfile/file.go) and containers-auth.json(5)
/// (https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md).
///
/// Like Go's `encoding/json`, which writes and reads these files, field names match case-insensitively, `null`
/// means "absent", unknown fields are ignored and a repeated key's last value wins. Keys are normalised by
/// `RegistryKey`. Credential helpers (`credsStore`, `credHelpers`) are parsed but not run.
///
/// Secrets never appear in `description`, `dump` output or error messages.
public struct DockerConfig: Sendable, Hashable {
    /// One key of `auths` and what it holds.
    public struct AuthEntry: Sendable, Hashable {
        /// The key exactly as written in the file (`https://index.docker.io/v1/`, `ghcr.io`, `quay.io/org`).
        public let key: String
        /// The username/password: from `auth` (base64 of `user:password`), else from the `username` and
        /// `password` fields; nil if the entry has neither (e.g. `{}` written next to a `credsStore`).
        public let credential: Credential?
        /// `identitytoken`: an OAuth refresh token some registries hand out at login (e.g. Azure ACR).
        public let identityToken: String?
        /// `registrytoken`: a bearer token to send to the registry as is.
        public let registryToken: String?

        /// The `username` field, kept for an `identitytoken` entry that has no password.
        public let username: String?

        public init(
            key: String, credential: Credential?, identityToken: String? = nil, registryToken: String? = nil,
            username: String? = nil
        ) {
            self.key = key
            self.credential = credential
            self.identityToken = identityToken
            self.registryToken = registryToken
            self.username = username ?? credential?.username
        }

        /// What a client uses, as docker/cli and go-containerregistry do: a `registrytoken` first (a bearer
        /// token for the registry), then an `identitytoken` (exchanged with the username, or `<token>`), then
        /// the username and password.
        public var effectiveCredential: Credential? {
            if let registryToken, !registryToken.isEmpty {
                return Credential(username: username ?? "", password: registryToken, kind: .registryToken)
            }
            if let identityToken, !identityToken.isEmpty {
                return Credential(
                    username: username.flatMap { $0.isEmpty ? nil : $0 } ?? "<token>", password: identityToken,
                    kind: .identityToken)
            }
            return credential
        }
    }

    /// The file this was read from (for messages and `CredentialSource.authFile`).
    public let path: String
    /// The `auths` entries, in file order. Entries without any credential are kept (see `AuthEntry.credential`).
    public let entries: [AuthEntry]
    /// `credsStore`: the default credential helper (`desktop`, `osxkeychain`, `pass`, ...), if any.
    public let credsStore: String?
    /// `credHelpers`: registry key → credential helper name (`ecr-login`, `gcloud`, ...), keys as written.
    public let credHelpers: [String: String]

    public init(path: String, entries: [AuthEntry] = [], credsStore: String? = nil, credHelpers: [String: String] = [:])
    {
        self.path = path
        self.entries = entries
        self.credsStore = credsStore
        self.credHelpers = credHelpers
    }

    // MARK: - Lookup

    /// The credential for a registry, and the `auths` key it came from; nil if no entry with a credential matches.
    ///
    /// Keys are compared after `RegistryKey.normalize(_:)`, so every spelling of a registry matches it
    /// (`https://index.docker.io/v1/`, `index.docker.io`, `registry-1.docker.io` are all `docker.io`), ignoring
    /// host case. Namespace-scoped keys (containers auth.json: `quay.io/org/repo`, `quay.io/org`) apply only when
    /// `repository` is that namespace or inside it (whole path components); the most specific one wins over the
    /// bare host. Entries without a credential are skipped. Among keys that are equally specific, the key spelled
    /// the way the registry's own name is (or, for Docker Hub, Docker's canonical `https://index.docker.io/v1/`)
    /// wins, then the first in the file.
    public func credential(for registry: RegistryHost, repository: String?) -> (key: String, credential: Credential)? {
        let host = RegistryKey.host(of: registry)
        let preferredKey = host == "docker.io" ? "https://index.docker.io/v1/" : registry.name
        var best: (specificity: Int, exact: Bool, key: String, credential: Credential)?
        for entry in entries {
            guard let credential = entry.effectiveCredential else { continue }
            let normalized = RegistryKey.normalize(entry.key)
            guard normalized.host == host else { continue }
            var specificity = 0
            if let namespace = normalized.path {
                guard let repository, RegistryKey.namespace(namespace, covers: repository) else { continue }
                specificity = namespace.split(separator: "/").count
            }
            let exact = entry.key == preferredKey
            if let current = best {
                if specificity < current.specificity { continue }
                if specificity == current.specificity, !exact || current.exact { continue }
            }
            best = (specificity, exact, entry.key, credential)
        }
        return best.map { ($0.key, $0.credential) }
    }

    /// The credential helper configured for a registry — its `credHelpers` entry, else `credsStore` — or nil.
    public func credentialHelper(for registry: RegistryHost) -> String? {
        let host = RegistryKey.host(of: registry)
        let match = credHelpers.keys.sorted().first { key in
            let normalized = RegistryKey.normalize(key)
            return normalized.host == host && normalized.path == nil
        }
        return match.flatMap { credHelpers[$0] } ?? credsStore
    }

    // MARK: - Loading

    /// Reads and parses a file. A file that cannot be read (missing, a directory, no permission) is an error
    /// naming it; whether a missing default file matters is the caller's decision. Only a regular file of at most
    /// 4 MiB is read, without ever blocking on a FIFO (`CredentialFile`).
    public static func load(path: String) throws(DockerConfigError) -> DockerConfig {
        switch CredentialFile.read(path: path) {
        case .success(let bytes): return try parse(bytes, path: path)
        case .failure(let refusal): throw DockerConfigError(path: path, reason: refusal.reason)
        }
    }

    /// Parses the bytes of a docker `config.json` or containers `auth.json`.
    ///
    /// An empty (or whitespace-only) file and `{}` are valid and have no entries. Errors name the file and what
    /// is wrong — not UTF-8, invalid JSON (with line and column), `"auths" is not an object`,
    /// `entry "x": auth is not valid base64`, `entry "x": auth does not decode to user:password` — and never
    /// contain a secret.
    public static func parse(_ bytes: [UInt8], path: String) throws(DockerConfigError) -> DockerConfig {
        func fail(_ reason: String) -> DockerConfigError { DockerConfigError(path: path, reason: reason) }

        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // UTF-8 byte order mark
        if let offset = GoJSON.firstInvalidUTF8Offset(bytes) {
            let (line, column) = GoJSON.lineAndColumn(of: offset, in: bytes)
            throw fail("not valid UTF-8 text (line \(line), column \(column))")
        }

        // An empty (whitespace-only) file is an empty config, as docker/cli reads it.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return DockerConfig(path: path)
        }
        // The JSON reader shared with the Kubernetes code: Go's encoding/json semantics, members in file order,
        // errors with a position and never a quote of the (secret-holding) text.
        let document: GoJSONValue
        switch GoJSON.parse(bytes) {
        case .success(let value):
            document = value
        case .failure(let error):
            let (line, column) = GoJSON.lineAndColumn(of: error.offset, in: bytes)
            throw fail("invalid JSON at line \(line), column \(column): \(error.message)")
        }
        guard case .object(let top) = document else {
            throw fail("the top level is \(document.kindDescription), not a JSON object")
        }

        var entries: [AuthEntry] = []
        switch member("auths", of: top) {
        case nil, .null?:
            break
        case .object(let auths)?:
            var positions: [String: Int] = [:]
            for (key, value) in auths.map({ ($0.key, $0.value) }) {
                let entry = try authEntry(key: key, value: value, fail: fail)
                if let position = positions[key] {
                    entries[position] = entry  // a repeated key: the last one wins (as a Go map does)
                } else {
                    positions[key] = entries.count
                    entries.append(entry)
                }
            }
        case let other?:
            throw fail("\"auths\" is \(other.kindDescription), not an object")
        }

        let credsStore = try string("credsStore", of: top, context: "", fail: fail)

        var credHelpers: [String: String] = [:]
        switch member("credHelpers", of: top) {
        case nil, .null?:
            break
        case .object(let helpers)?:
            for (key, value) in helpers.map({ ($0.key, $0.value) }) {
                switch value {
                case .string(let helper): credHelpers[key] = helper
                case .null: credHelpers[key] = nil
                default: throw fail("\"credHelpers\" entry \(quoted(key)) is \(value.kindDescription), not a string")
                }
            }
        case let other?:
            throw fail("\"credHelpers\" is \(other.kindDescription), not an object")
        }

        return DockerConfig(
            path: path,
            entries: entries,
            credsStore: credsStore.flatMap { $0.isEmpty ? nil : $0 },
            credHelpers: credHelpers.filter { !$0.value.isEmpty }
        )
    }

    // MARK: - Parsing helpers

    /// One `auths` entry (Docker `types.AuthConfig`): `auth`, `username`, `password`, `identitytoken`,
    /// `registrytoken`; `email` and `serveraddress` are ignored.
    private static func authEntry(
        key: String, value: GoJSONValue, fail: (String) -> DockerConfigError
    ) throws(DockerConfigError) -> AuthEntry {
        let fields: [GoJSONMember]
        switch value {
        case .object(let object): fields = object
        case .null: fields = []
        default: throw fail("entry \(quoted(key)) is \(value.kindDescription), not an object")
        }
        let context = "entry \(quoted(key)): "
        let auth = try string("auth", of: fields, context: context, fail: fail)
        let username = try string("username", of: fields, context: context, fail: fail)
        let password = try string("password", of: fields, context: context, fail: fail)
        let identityToken = try string("identitytoken", of: fields, context: context, fail: fail)
        let registryToken = try string("registrytoken", of: fields, context: context, fail: fail)

        var credential: Credential?
        if let auth, let decoded = try decodeAuth(auth, context: context, fail: fail) {
            credential = decoded  // `auth` wins over the username/password fields
        } else if let username, !username.isEmpty, let password {
            credential = Credential(username: username, password: password)
        }
        return AuthEntry(
            key: key,
            credential: credential,
            identityToken: identityToken.flatMap { $0.isEmpty ? nil : $0 },
            registryToken: registryToken.flatMap { $0.isEmpty ? nil : $0 },
            username: username
        )
    }

    /// `auth` = base64(`username:password`) (standard alphabet; padding optional; whitespace and line breaks
    /// ignored). Split at the first `:` — passwords may contain colons, usernames may not. As the Docker CLI
    /// does, NUL bytes around the password are trimmed and an empty username is an error. An empty `auth` is absent.
    private static func decodeAuth(
        _ auth: String, context: String, fail: (String) -> DockerConfigError
    ) throws(DockerConfigError) -> Credential? {
        var characters = auth.utf8.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        guard !characters.isEmpty else { return nil }
        while characters.last == UInt8(ascii: "=") { characters.removeLast() }
        guard characters.count % 4 != 1 else { throw fail(context + "auth is not valid base64") }
        characters.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - characters.count % 4) % 4))
        guard let data = Data(base64Encoded: Data(characters)) else {
            throw fail(context + "auth is not valid base64")
        }
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            throw fail(context + "auth does not decode to UTF-8 text")
        }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw fail(context + "auth does not decode to user:password")
        }
        var password = text[text.index(after: colon)...]
        while password.first == "\0" { password.removeFirst() }
        while password.last == "\0" { password.removeLast() }
        return Credential(username: String(text[..<colon]), password: String(password))
    }

    /// A string field, or nil if absent or `null`; any other JSON type is an error (``GoJSONValue/stringField(_:)``).
    private static func string(
        _ name: String, of object: [GoJSONMember], context: String,
        fail: (String) -> DockerConfigError
    ) throws(DockerConfigError) -> String? {
        do {
            return try GoJSONValue.object(object).stringField(name)
        } catch {
            throw fail("\(context)\(quoted(name)) is \(error.kindDescription), not a string")
        }
    }

    /// An object member by name, as Go's `encoding/json` finds struct fields: case-insensitively, last one wins.
    private static func member(_ name: String, of object: [GoJSONMember]) -> GoJSONValue? {
        object.last { GoJSON.foldedEqual($0.key, name) }?.value
    }

    /// A key quoted for a message (keys are registry addresses, not secrets).
    private static func quoted(_ key: String) -> String {
        String(reflecting: key)
    }
}

// MARK: - Descriptions (redacting)

extension DockerConfig.AuthEntry: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `AuthEntry(key: "ghcr.io", credential: Credential(user: "me", password: <redacted>), identityToken: nil, ...)`.
    public var description: String {
        let credentialText = credential.map(\.description) ?? "nil"
        return "AuthEntry(key: \(String(reflecting: key)), credential: \(credentialText), "
            + "identityToken: \(Self.redacted(identityToken)), registryToken: \(Self.redacted(registryToken)))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "key": key,
                "credential": credential as Any,
                "identityToken": Self.redacted(identityToken),
                "registryToken": Self.redacted(registryToken),
            ],
            displayStyle: .struct
        )
    }

    private static func redacted(_ secret: String?) -> String {
        secret == nil ? "nil" : "<redacted>"
    }
}

extension DockerConfig: CustomStringConvertible, CustomDebugStringConvertible {
    /// The path, the keys and the helpers; no credentials.
    public var description: String {
        let keys = entries.map { String(reflecting: $0.key) }.joined(separator: ", ")
        let helpers = credHelpers.keys.sorted().map {
            "\(String(reflecting: $0)): \(String(reflecting: credHelpers[$0] ?? ""))"
        }
        return "DockerConfig(path: \(String(reflecting: path)), keys: [\(keys)], "
            + "credsStore: \(credsStore.map { String(reflecting: $0) } ?? "nil"), "
            + "credHelpers: [\(helpers.isEmpty ? ":" : helpers.joined(separator: ", "))])"
    }

    public var debugDescription: String { description }
}

// MARK: - JSON
