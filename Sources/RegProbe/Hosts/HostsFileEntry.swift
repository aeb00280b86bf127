/// One table of hosts.toml as containerd decodes it (`hostFileConfig`): a `[host."..."]` table, or the file's top
/// level (the `server`). Paths are as written; ``HostsResolver`` makes them absolute.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L289-L325
public struct HostsFileEntry: Sendable, Hashable {
    /// The `[host."NAME"]` key, or the top level's `server` ("" when there is none).
    public let name: String
    /// Where the table starts (containerd orders hosts by it); 0 for the top level.
    public let line: Int
    public let capabilities: HostCapabilities
    /// `ca`: a string is one file, an array several.
    public let ca: [String]?
    /// `client`: a string (certificate and key in one file), or an array of such strings and of
    /// `[certificate, key]` pairs.
    public let client: [HostsClientPair]?
    /// `skip_verify`, when given.
    public let skipVerify: Bool?
    public let header: [HostsHeader]?
    /// `override_path`: the URL's path is the API root as written (no `/v2` added).
    public let overridePath: Bool

    /// Decodes `table` as go-toml v1 and containerd do: each key is looked up as written and in upper case
    /// (go-toml v1.9's `keysToTry`), other keys are ignored, a known key of another type is an error.
    init(table: TOMLTable, name: String, line: Int, file: String) throws(HostsFileProblem) {
        func problem(_ key: String, _ message: String, _ kind: HostsFileProblem.Kind = .fieldType) -> HostsFileProblem {
            HostsFileProblem(kind, file: file, line: Self.entry(table, key)?.line ?? line, message)
        }
        self.name = name
        self.line = line

        switch Self.entry(table, "capabilities")?.value {
        case nil: capabilities = .all
        case .array(let values):
            var capabilities: HostCapabilities = []
            for value in values {
                guard case .string(let word) = value else {
                    throw problem("capabilities", "capabilities must be strings, found \(value.kindDescription)")
                }
                guard let capability = HostCapabilities(name: word) else {
                    throw problem("capabilities", "unknown capability \(word)", .unknownCapability)
                }
                capabilities.insert(capability)
            }
            // An empty list is no list: all three (`len(config.Capabilities) > 0`).
            self.capabilities = values.isEmpty ? .all : capabilities
        case let value?: throw problem("capabilities", "capabilities must be an array, found \(value.kindDescription)")
        }

        switch Self.entry(table, "ca")?.value {
        case nil: ca = nil
        case .string(let file): ca = [file]
        case .array(let values):
            ca = try values.map { value throws(HostsFileProblem) in
                guard case .string(let file) = value else {
                    throw problem("ca", "unable to cast \(value.kindDescription) to string in ca")
                }
                return file
            }
        case let value?: throw problem("ca", "invalid type \(value.kindDescription) for \"ca\"")
        }

        switch Self.entry(table, "client")?.value {
        case nil: client = nil
        case .string(let file): client = [HostsClientPair(certificate: file, key: nil)]
        case .array(let values):
            client = try values.map { value throws(HostsFileProblem) in
                switch value {
                case .string(let file): return HostsClientPair(certificate: file, key: nil)
                case .array(let pair):
                    let files = pair.compactMap { if case .string(let file) = $0 { file } else { nil } }
                    guard files.count == pair.count else {
                        throw problem("client", "unable to cast a client pair's element to string")
                    }
                    guard files.count == 2 else { throw problem("client", "invalid pair \(files) for \"client\"") }
                    return HostsClientPair(certificate: files[0], key: files[1])
                default: throw problem("client", "invalid type \(value.kindDescription) for \"client\"")
                }
            }
        case let value?: throw problem("client", "invalid type \(value.kindDescription) for \"client\"")
        }

        switch Self.entry(table, "skip_verify")?.value {
        case nil: skipVerify = nil
        case .boolean(let flag): skipVerify = flag
        case let value?: throw problem("skip_verify", "skip_verify must be a boolean, found \(value.kindDescription)")
        }

        switch Self.entry(table, "override_path")?.value {
        case nil: overridePath = false
        case .boolean(let flag): overridePath = flag
        case let value?:
            throw problem("override_path", "override_path must be a boolean, found \(value.kindDescription)")
        }

        switch Self.entry(table, "header")?.value {
        case nil: header = nil
        case .table(let fields):
            header = try fields.entries.map { field throws(HostsFileProblem) in
                switch field.value {
                case .string(let value): return HostsHeader(name: field.key, values: [value])
                case .array(let values):
                    let strings = values.compactMap { if case .string(let value) = $0 { value } else { nil } }
                    guard strings.count == values.count else {
                        throw problem("header", "unable to cast a value of header \(field.key) to string")
                    }
                    return HostsHeader(name: field.key, values: strings)
                default:
                    throw problem("header", "invalid type \(field.value.kindDescription) for header \(field.key)")
                }
            }
        case let value?: throw problem("header", "header must be a table, found \(value.kindDescription)")
        }
    }

    /// go-toml v1.9 tries a field's tag as written, then `strings.ToLower` and `strings.ToTitle` of it (the tags
    /// here are lower case, so: as written, then upper case).
    static func entry(_ table: TOMLTable, _ key: String) -> TOMLTable.Entry? {
        table.entry(key) ?? table.entry(key.uppercased())
    }
}
