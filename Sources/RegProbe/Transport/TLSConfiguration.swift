import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Where a run's TLS trust and client certificates come from, resolved per host (`host[:port]`):
/// - `--ca-file FILE`: trusted for every host, besides the system's CAs;
/// - `SSL_CERT_FILE`: replaces the system's CA bundle (as Go, and so docker and crane, read it);
/// - certs.d, as Docker and containers/image lay it out: `<root>/<host[:port]>/*.crt` are CAs, and each
///   `*.cert` with a `*.key` of the same name is a client certificate. Roots: `--cert-dir DIR` alone when given,
///   else `/etc/containers/certs.d` and `/etc/docker/certs.d`.
///   https://docs.docker.com/engine/security/certificates/
/// Each host's directory is read once per run.
public final class TLSConfiguration: Sendable {
    public let insecure: Bool
    public let caFile: String?
    public let certDirectory: String?
    public let sslCertFile: String?
    public let certsDirectoryRoots: [String]

    private let cache = Mutex<[String: TLSOptions]>([:])
    /// Hosts of a hosts directory (`--hosts-dir`): their TLS comes from hosts.toml, not from certs.d.
    private let routes = Mutex<[String: TLSOptions]>([:])

    public static let defaultRoots = ["/etc/containers/certs.d", "/etc/docker/certs.d"]
    static let systemCADirectory = "/etc/ssl/certs"

    public init(
        insecure: Bool = false, caFile: String? = nil, certDirectory: String? = nil, sslCertFile: String? = nil,
        certsDirectoryRoots: [String] = TLSConfiguration.defaultRoots
    ) {
        self.insecure = insecure
        self.caFile = caFile
        self.certDirectory = certDirectory
        // SSL_CERT_FILE naming the system bundle itself (as many images set it) changes nothing: the system's CAs
        // are then read from the hashed directory, on demand, instead of parsing the whole file.
        self.sslCertFile = sslCertFile.flatMap { Self.isSystemBundle($0) ? nil : $0 }
        self.certsDirectoryRoots = certDirectory.map { [$0] } ?? certsDirectoryRoots
    }

    /// The TLS options for a request to `url`.
    public func options(for url: String) -> TLSOptions {
        guard !insecure else { return TLSOptions(insecure: true) }
        guard let parsed = RequestURL(url), parsed.scheme == "https" else { return TLSOptions() }
        let host = parsed.port == 443 ? parsed.host : "\(parsed.host):\(parsed.port)"
        if let routed = routes.withLock({ $0[host] }) { return routed }
        if let known = cache.withLock({ $0[host] }) { return known }
        let resolved = resolve(host: host)
        cache.withLock { $0[host] = resolved }
        return resolved
    }

    /// Routes a hosts directory's host through its own TLS settings, as containerd does: the system's CAs and the
    /// host's `ca` files (besides `--ca-file`), its first `client` pair, and `skip_verify`.
    /// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go (`ConfigureHosts`)
    func route(_ endpoint: HostsEndpoint) {
        guard let url = endpoint.url, url.scheme == "https" else { return }
        let host = url.port == 443 ? url.host : "\(url.host):\(url.port)"
        var options = TLSOptions(
            insecure: insecure || endpoint.skipVerify == true,
            clientCertificate: endpoint.clientPairs.first?.certificate,
            clientKey: endpoint.clientPairs.first.map { $0.key ?? $0.certificate })
        options.systemCADirectory = sslCertFile == nil && Self.systemDirectoryUsable ? Self.systemCADirectory : nil
        var extraCAs: [String] = endpoint.caFiles
        if let caFile { extraCAs.insert(caFile, at: 0) }
        if !extraCAs.isEmpty || sslCertFile != nil {
            var bundle: [UInt8] = []
            if let sslCertFile { bundle += Self.read(sslCertFile) + [0x0A] }
            for file in extraCAs { bundle += Self.read(file) + [0x0A] }
            options.caBundle = bundle
        }
        routes.withLock { $0[host] = options }
    }

    /// The certs.d directories that exist for a host, for messages.
    public func certsDirectories(for host: String) -> [String] {
        certsDirectoryRoots.map { "\($0)/\(host)" }.filter(Self.isDirectory)
    }

    private func resolve(host: String) -> TLSOptions {
        var extraCAs: [String] = []
        if let caFile { extraCAs.append(caFile) }
        var clientCertificate: String?
        var clientKey: String?
        for directory in certsDirectories(for: host) {
            let names = Self.list(directory).sorted()
            extraCAs += names.filter { $0.hasSuffix(".crt") }.map { "\(directory)/\($0)" }
            if clientCertificate == nil,
                let cert = names.first(where: {
                    $0.hasSuffix(".cert") && names.contains(String($0.dropLast(5)) + ".key")
                })
            {
                clientCertificate = "\(directory)/\(cert)"
                clientKey = "\(directory)/\(cert.dropLast(5)).key"
            }
        }
        var options = TLSOptions(clientCertificate: clientCertificate, clientKey: clientKey)
        // SSL_CERT_FILE replaces the system's CAs; otherwise they come from the hashed directory when there is one.
        options.systemCADirectory = sslCertFile == nil && Self.systemDirectoryUsable ? Self.systemCADirectory : nil
        guard !extraCAs.isEmpty || sslCertFile != nil else { return options }
        var bundle: [UInt8] = []
        if let sslCertFile { bundle += Self.read(sslCertFile) + [0x0A] }
        for file in extraCAs { bundle += Self.read(file) + [0x0A] }
        options.caBundle = bundle
        return options
    }

    /// Debian's `/etc/ssl/certs` holds the CAs as `<subject-hash>.0` links, which OpenSSL looks up on demand.
    static let systemDirectoryUsable: Bool =
        isDirectory(systemCADirectory) && !list(systemCADirectory).filter { $0.hasSuffix(".0") }.isEmpty

    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    static func isSystemBundle(_ path: String) -> Bool {
        guard let mine = realpath(path, nil), let system = realpath(systemBundle, nil) else { return false }
        defer {
            free(mine)
            free(system)
        }
        return strcmp(mine, system) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func list(_ directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A file's bytes (at most 1 MiB); empty when unreadable, which then shows as a TLS error naming the CA.
    static func read(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { return [] }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while bytes.count < 1 << 20 {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }
}
