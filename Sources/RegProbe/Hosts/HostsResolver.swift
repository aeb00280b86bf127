#if canImport(Glibc)
import Glibc
#endif

/// containerd 1.6.20's reading of a hosts directory (`ctr images pull --hosts-dir DIR`; CRI's `config_path`), as a
/// function of the directory's contents and the reference's registry: which directory, which file, and the ordered
/// hosts with their capabilities, TLS files and headers. Nothing is sent anywhere.
/// https://github.com/containerd/containerd/blob/v1.6.20/docs/hosts.md
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go
public enum HostsResolver {
    /// - Parameters:
    ///   - registry: the reference's host as containerd sees it (`docker.io` for Docker Hub, `localhost:5000`).
    ///   - root: the hosts directory (`/etc/containerd/certs.d`).
    ///   - defaultScheme: `http` for `ctr --plain-http`; nil as CRI (then `https`, and `http` for loopback).
    public static func configuration(
        registry: String, root: String, fileSystem: some HostsFileSystem = LocalHostsFileSystem(),
        defaultScheme: String? = nil
    ) throws(HostsFailure) -> HostsConfiguration {
        let directory: String?
        do {
            directory = try HostsDirectory.find(root: root, registry: registry, in: fileSystem)
        } catch {
            throw .fileSystem(error)
        }

        var endpoints: [HostsEndpoint]? = nil
        var source = HostsConfiguration.Source.none
        var ignored: HostsFileProblem? = nil
        var sharing: [String] = []
        if let directory {
            // loadHostDir: an absent or empty hosts.toml, or one containerd cannot decode, leaves the directory
            // read as certs.d.
            let path = GoPath.join(directory, "hosts.toml")
            let text: [UInt8]?
            do {
                text = try fileSystem.read(path)
            } catch {
                throw .fileSystem(error)
            }
            if let text, !text.isEmpty {
                do {
                    (endpoints, sharing) = try hostsFileEndpoints(text, path: path, directory: directory)
                    source = .hostsFile(path)
                } catch {
                    switch error {
                    case .ignored(let problem): ignored = problem
                    case .unsupported(let message): throw .unsupportedFile(message)
                    }
                }
            }
            if endpoints == nil {
                endpoints = try certificateFiles(in: directory, fileSystem: fileSystem)
                source = .certificateFiles(directory)
            }
        }

        // ConfigureHosts: no directory means one host with nothing set; a last host without a name (no `server`,
        // or a name Go's url.Parse gave no host) is the registry itself, with every capability and `/v2`.
        var list = endpoints ?? [HostsEndpoint(role: .upstream, url: .unnamed, entry: nil, directory: "")]
        if var last = list.last, last.host.isEmpty {
            list.removeLast()
            last = HostsEndpoint(upstreamFrom: last)
            if registry == "docker.io" {
                last.scheme = "https"
                last.host = "registry-1.docker.io"
            } else if isLocalhost(registry) {
                last.host = registry
                if defaultScheme == nil || defaultScheme == "http" {
                    // "Skipping TLS verification for localhost"
                    last.scheme = "http"
                    last.skipVerify = true
                } else if let defaultScheme {
                    last.scheme = defaultScheme
                }
            } else {
                last.host = registry
                last.scheme = defaultScheme ?? "https"
            }
            last.path = "/v2"
            last.capabilities = .all
            list.append(last)
        }
        try checkCertificates(list, fileSystem: fileSystem)
        return HostsConfiguration(
            registry: registry, directory: directory, source: source, ignoredFile: ignored, hostsSharingALine: sharing,
            endpoints: list)
    }

    /// `parseHostsFile`: the `[host."..."]` hosts in order, then the top level (`server`, or a nameless last host).
    private static func hostsFileEndpoints(
        _ text: [UInt8], path: String, directory: String
    ) throws(HostsFileReadError) -> ([HostsEndpoint], [String]) {
        let file = try HostsFile.read(text, file: path)
        func url(_ entry: HostsFileEntry) throws(HostsFileReadError) -> HostsServerURL {
            guard !entry.name.isEmpty else { return .unnamed }
            do {
                return try HostsServerURL(entry.name, overridePath: entry.overridePath)
            } catch {
                throw .ignored(
                    HostsFileProblem(
                        .url, file: path, line: entry.line == 0 ? nil : entry.line,
                        "unable to parse server \(entry.name): \(error)"))
            }
        }
        var endpoints: [HostsEndpoint] = []
        for entry in file.hosts {
            endpoints.append(
                HostsEndpoint(role: .mirror(entry.name), url: try url(entry), entry: entry, directory: directory))
        }
        endpoints.append(
            HostsEndpoint(
                role: file.server.name.isEmpty ? .upstream : .server, url: try url(file.server), entry: file.server,
                directory: directory))
        return (endpoints, file.hostsSharingALine)
    }

    /// `loadCertFiles`: the registry itself, trusting the directory's `*.crt` files and presenting each `*.cert`
    /// (with the `*.key` of the same name when there is one), in name order; subdirectories are skipped.
    /// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go#L551-L579
    private static func certificateFiles(
        in directory: String, fileSystem: some HostsFileSystem
    ) throws(HostsFailure) -> [HostsEndpoint] {
        var endpoint = HostsEndpoint(role: .upstream, url: .unnamed, entry: nil, directory: directory)
        let entries: [HostsDirectoryEntry]
        do {
            entries = try fileSystem.list(directory) ?? []
        } catch {
            throw .fileSystem(error)
        }
        for entry in entries where !entry.isDirectory {
            if entry.name.hasSuffix(".crt") { endpoint.caFiles.append(GoPath.join(directory, entry.name)) }
            if entry.name.hasSuffix(".cert") {
                let key = GoPath.join(directory, String(entry.name.dropLast(5)) + ".key")
                let hasKey: Bool
                do {
                    hasKey = try fileSystem.exists(key)
                } catch {
                    throw .fileSystem(error)
                }
                endpoint.clientPairs.append(
                    HostsClientPair(certificate: GoPath.join(directory, entry.name), key: hasKey ? key : nil))
            }
        }
        return [endpoint]
    }

    /// ConfigureHosts reads every CA and client file of every host before the first request; one that cannot be
    /// read, or a CA file without a PEM certificate (`AppendCertsFromPEM` false), fails the pull. (Whether a
    /// client certificate matches its key is left to the TLS library, as `tls.X509KeyPair` would find it.)
    private static func checkCertificates(
        _ endpoints: [HostsEndpoint], fileSystem: some HostsFileSystem
    ) throws(HostsFailure) {
        func load(_ path: String) throws(HostsFailure) -> [UInt8] {
            let bytes: [UInt8]?
            do {
                bytes = try fileSystem.read(path)
            } catch {
                throw .unreadableCertificate(error)
            }
            guard let bytes else { throw .unreadableCertificate(HostsFileSystemError(path: path, errno: ENOENT)) }
            return bytes
        }
        for endpoint in endpoints {
            for path in endpoint.caFiles {
                let pem = try load(path)
                guard String(decoding: pem, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
                    throw .noCertificate(path: path)
                }
            }
            for pair in endpoint.clientPairs {
                _ = try load(pair.certificate)
                if let key = pair.key { _ = try load(key) }
            }
        }
    }

    /// `docker.IsLocalhost`: `localhost` (exactly) or a loopback IP, after `net.SplitHostPort` (so `[::1]` without a
    /// port is not, as Go's `net.ParseIP` does not read brackets).
    /// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/resolver.go (`IsLocalhost`)
    public static func isLocalhost(_ registry: String) -> Bool {
        let host = splitHostPort(registry) ?? Substring(registry)
        if host == "localhost" { return true }
        if let octets = RegistryHost.ipv4Octets(host),
            host.split(separator: ".").allSatisfy({ $0 == "0" || !$0.hasPrefix("0") })
        {
            return octets[0] == 127
        }
        return RegistryHost.ipv6Words(host) == [0, 0, 0, 0, 0, 0, 0, 1]
    }

    /// `net.SplitHostPort`'s host, or nil when it fails (no port, too many colons).
    static func splitHostPort(_ hostport: String) -> Substring? {
        if hostport.hasPrefix("[") {
            guard let close = hostport.firstIndex(of: "]") else { return nil }
            let after = hostport[hostport.index(after: close)...]
            guard after.first == ":" else { return nil }
            return hostport[hostport.index(after: hostport.startIndex)..<close]
        }
        guard let colon = hostport.lastIndex(of: ":") else { return nil }
        let host = hostport[..<colon]
        return host.contains(":") ? nil : host
    }
}
