import Testing

@testable import RegProbe

#if canImport(Glibc)
import Glibc
#endif

/// containerd 1.6.20's hosts directory rules, each row beside the source it follows:
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/hosts.go (H),
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/config/config_unix.go (U),
/// https://github.com/containerd/containerd/blob/v1.6.20/docs/hosts.md (D).
struct HostsResolverTests {
    static let root = "/etc/containerd/certs.d"
    static let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    /// `role scheme://host/path [capabilities] ca=... client=cert+key skip=... header=Name:v|v`.
    static func summary(_ endpoint: HostsEndpoint) -> String {
        var out: String
        switch endpoint.role {
        case .mirror(let name): out = "mirror(\(name))"
        case .server: out = "server"
        case .upstream: out = "upstream"
        }
        out += " \(endpoint.scheme)://\(endpoint.host)\(endpoint.path) [\(endpoint.capabilities)]"
        if !endpoint.caFiles.isEmpty { out += " ca=" + endpoint.caFiles.joined(separator: ",") }
        if !endpoint.clientPairs.isEmpty {
            out +=
                " client=" + endpoint.clientPairs.map { $0.certificate + "+" + ($0.key ?? "-") }.joined(separator: ",")
        }
        if let skip = endpoint.skipVerify { out += " skip=\(skip)" }
        if !endpoint.header.isEmpty {
            out +=
                " header="
                + endpoint.header.map { $0.name + ":" + $0.values.joined(separator: "|") }.joined(separator: ",")
        }
        return out
    }

    static func resolve(
        _ files: [String: String], registry: String, directories: [String] = [], errors: [String: Int32] = [:],
        defaultScheme: String? = nil
    ) throws(HostsFailure) -> HostsConfiguration {
        let fileSystem = MemoryHostsFileSystem(
            files.reduce(into: [:]) { $0[root + "/" + $1.key] = $1.value },
            directories: directories.map { root + "/" + $0 },
            errors: errors)
        return try HostsResolver.configuration(
            registry: registry, root: root, fileSystem: fileSystem, defaultScheme: defaultScheme)
    }

    // MARK: Lookup (U hostPaths, H hostDirectory, HostDirFromRoot)

    @Test(arguments: [
        ("localhost:5000", ["/h/localhost_5000_", "/h/localhost:5000", "/h/_default"]),
        ("docker.io", ["/h/docker.io", "/h/_default"]),
        ("[::1]:5000", ["/h/[::1]_5000_", "/h/[::1]:5000", "/h/_default"]),
        ("registry.example.com:443", ["/h/registry.example.com_443_", "/h/registry.example.com:443", "/h/_default"]),
    ])
    func candidates(_ registry: String, _ expected: [String]) {
        #expect(HostsDirectory.candidates(root: "/h", registry: registry) == expected)
        #expect(HostsDirectory.candidates(root: "/h/", registry: registry) == expected)
    }

    @Test(
        arguments: [
            // (directories that exist, registry, the one used)
            (["localhost:5000"], "localhost:5000", "localhost:5000"),
            (["localhost_5000_", "localhost:5000"], "localhost:5000", "localhost_5000_"),
            (["localhost:5000", "_default"], "localhost:5000", "localhost:5000"),
            (["_default"], "localhost:5000", "_default"),
            (["localhost"], "localhost:5000", nil),
            (["localhost:5000"], "localhost", nil),
            ([], "docker.io", nil),
        ] as [([String], String, String?)])
    func lookup(_ existing: [String], _ registry: String, _ expected: String?) throws {
        let configuration = try Self.resolve([:], registry: registry, directories: existing + ["_default-not"])
        #expect(configuration.directory == expected.map { Self.root + "/" + $0 })
    }

    /// `_default` is read only when the registry has no directory, and nothing is merged.
    @Test func defaultIsNotMerged() throws {
        let files = [
            "_default/hosts.toml": "[host.\"https://default-mirror\"]\n",
            "registry.example.com/hosts.toml": "[host.\"https://own-mirror\"]\n",
        ]
        let own = try Self.resolve(files, registry: "registry.example.com")
        #expect(
            own.endpoints.map(Self.summary) == [
                "mirror(https://own-mirror) https://own-mirror/v2 [pull, resolve, push]",
                "upstream https://registry.example.com/v2 [pull, resolve, push]",
            ])
        let other = try Self.resolve(files, registry: "other.example.com")
        #expect(other.directory == Self.root + "/_default")
        #expect(
            other.endpoints.map(Self.summary) == [
                "mirror(https://default-mirror) https://default-mirror/v2 [pull, resolve, push]",
                "upstream https://other.example.com/v2 [pull, resolve, push]",
            ])
    }

    /// An error other than "does not exist" on a candidate stops the pull (HostDirFromRoot).
    @Test func lookupErrorStops() {
        #expect(
            throws: HostsFailure.fileSystem(HostsFileSystemError(path: Self.root + "/localhost_5000_", errno: EACCES))
        ) {
            _ = try Self.resolve([:], registry: "localhost:5000", errors: [Self.root + "/localhost_5000_": EACCES])
        }
    }

    // MARK: The list of hosts

    @Test(
        arguments: [
            (
                "no directory: the registry over HTTPS (H ConfigureHosts)", [:], "registry.example.com", nil,
                ["upstream https://registry.example.com/v2 [pull, resolve, push]"]
            ),
            (
                "no directory, loopback registry: plain HTTP, skip_verify (H IsLocalhost)", [:], "localhost:5000", nil,
                ["upstream http://localhost:5000/v2 [pull, resolve, push] skip=true"]
            ),
            (
                "no directory, loopback registry, ctr --plain-http", [:], "127.0.0.1:5000", "http",
                ["upstream http://127.0.0.1:5000/v2 [pull, resolve, push] skip=true"]
            ),
            (
                "no directory, ctr --plain-http, other registry", [:], "registry.example.com", "http",
                ["upstream http://registry.example.com/v2 [pull, resolve, push]"]
            ),
            (
                "Docker Hub: registry-1.docker.io", [:], "docker.io", nil,
                ["upstream https://registry-1.docker.io/v2 [pull, resolve, push]"]
            ),
            (
                "mirrors in order, then server (D)",
                [
                    "r.example.com/hosts.toml":
                        "server = \"https://r.example.com\"\n[host.\"https://m1:5000\"]\n  capabilities = [\"pull\", \"resolve\"]\n[host.\"http://m2\"]\n  capabilities = [\"pull\"]\n"
                ], "r.example.com", nil,
                [
                    "mirror(https://m1:5000) https://m1:5000/v2 [pull, resolve]",
                    "mirror(http://m2) http://m2/v2 [pull]",
                    "server https://r.example.com/v2 [pull, resolve, push]",
                ]
            ),
            (
                "no server: the registry is still the last host (containerd issue 9206)",
                ["r.example.com/hosts.toml": "[host.\"https://m\"]\n  capabilities = [\"pull\"]\n"], "r.example.com",
                nil,
                ["mirror(https://m) https://m/v2 [pull]", "upstream https://r.example.com/v2 [pull, resolve, push]"]
            ),
            (
                "server set to a mirror: the registry itself is not tried",
                ["r.example.com/hosts.toml": "server = \"https://mirror.example.com\"\n[host]\n"], "r.example.com", nil,
                ["server https://mirror.example.com/v2 [pull, resolve, push]"]
            ),
            (
                "a top-level ca applies to the server only (H parseHostsFile)",
                [
                    "r.example.com/hosts.toml":
                        "server = \"https://r.example.com\"\nca = \"ca.crt\"\n[host.\"https://m\"]\n  ca = [\"/abs/m.crt\", \"m2.crt\"]\n",
                    "r.example.com/ca.crt": pem, "r.example.com/m2.crt": pem, "/abs/m.crt": pem,
                ], "r.example.com", nil,
                [
                    "mirror(https://m) https://m/v2 [pull, resolve, push] ca=/abs/m.crt,\(root)/r.example.com/m2.crt",
                    "server https://r.example.com/v2 [pull, resolve, push] ca=\(root)/r.example.com/ca.crt",
                ]
            ),
            (
                "a top-level ca without server goes to the registry itself, whose capabilities are all three",
                [
                    "r.example.com/hosts.toml": "capabilities = [\"pull\"]\nca = \"ca.crt\"\n[host.\"https://m\"]\n",
                    "r.example.com/ca.crt": pem,
                ], "r.example.com", nil,
                [
                    "mirror(https://m) https://m/v2 [pull, resolve, push]",
                    "upstream https://r.example.com/v2 [pull, resolve, push] ca=\(root)/r.example.com/ca.crt",
                ]
            ),
            (
                "hosts in the order their tables start, not the order of keys",
                [
                    "r/hosts.toml":
                        "[host.\"https://b\".header]\n  x = \"1\"\n[host.\"https://a\"]\n[host.\"https://b\"]\n  capabilities = [\"pull\"]\n"
                ], "r", nil,
                [
                    "mirror(https://b) https://b/v2 [pull] header=x:1",
                    "mirror(https://a) https://a/v2 [pull, resolve, push]",
                    "upstream https://r/v2 [pull, resolve, push]",
                ]
            ),
            (
                "names without a scheme get https; paths get /v2; override_path keeps the path",
                [
                    "r/hosts.toml":
                        "[host.\"m1:5000\"]\n[host.\"https://m2/prefix/\"]\n[host.\"https://m3/api/v2\"]\n[host.\"https://m4/custom\"]\n  override_path = true\n[host.\"https://m5\"]\n  override_path = true\n[host.\"https://m6/\"]\n"
                ], "r", nil,
                [
                    "mirror(m1:5000) https://m1:5000/v2 [pull, resolve, push]",
                    "mirror(https://m2/prefix/) https://m2/prefix/v2 [pull, resolve, push]",
                    "mirror(https://m3/api/v2) https://m3/api/v2 [pull, resolve, push]",
                    "mirror(https://m4/custom) https://m4/custom [pull, resolve, push]",
                    "mirror(https://m5) https://m5 [pull, resolve, push]",
                    "mirror(https://m6/) https://m6//v2 [pull, resolve, push]",
                    "upstream https://r/v2 [pull, resolve, push]",
                ]
            ),
            (
                "a name starting with http but no scheme has no host; as server the registry replaces it",
                ["r/hosts.toml": "server = \"http.example.com\"\n[host.\"httpmirror:5000\"]\n"], "r", nil,
                [
                    // Go's url.Parse reads `httpmirror:` as a scheme and `5000` as an opaque part: no host.
                    "mirror(httpmirror:5000) httpmirror:///v2 [pull, resolve, push]",
                    "upstream https://r/v2 [pull, resolve, push]",
                ]
            ),
            (
                "client: a string, an array of strings and pairs; headers; skip_verify",
                [
                    "r/hosts.toml":
                        "[host.\"https://m\"]\n  client = [\"both.pem\", [\"c.pem\", \"/k/c.key\"]]\n  skip_verify = false\n  [host.\"https://m\".header]\n    X-Custom = \"a\"\n    x-list = [\"b\", \"c\"]\n[host.\"https://n\"]\n  client = \"n.pem\"\n  skip_verify = true\n",
                    "r/both.pem": "x", "r/c.pem": "x", "/k/c.key": "x", "r/n.pem": "x",
                ], "r", nil,
                [
                    "mirror(https://m) https://m/v2 [pull, resolve, push] client=\(root)/r/both.pem+-,\(root)/r/c.pem+/k/c.key skip=false header=X-Custom:a,x-list:b|c",
                    "mirror(https://n) https://n/v2 [pull, resolve, push] client=\(root)/r/n.pem+- skip=true",
                    "upstream https://r/v2 [pull, resolve, push]",
                ]
            ),
            (
                "keys in upper case are read too (go-toml v1 keysToTry)",
                ["r/hosts.toml": "SERVER = \"https://s\"\n[host.\"https://m\"]\n  CAPABILITIES = [\"PULL\"]\n"], "r",
                nil,
                ["mirror(https://m) https://m/v2 [pull]", "server https://s/v2 [pull, resolve, push]"]
            ),
            (
                "an empty [host] table is a host tree: only the server",
                ["r/hosts.toml": "[host]\n"], "r", nil,
                ["upstream https://r/v2 [pull, resolve, push]"]
            ),
        ] as [(String, [String: String], String, String?, [String])])
    func endpoints(
        _ name: String, _ files: [String: String], _ registry: String, _ scheme: String?, _ expected: [String]
    )
        throws
    {
        let fileSystem = MemoryHostsFileSystem(
            files.reduce(into: [:]) { $0[$1.key.hasPrefix("/") ? $1.key : Self.root + "/" + $1.key] = $1.value })
        let configuration = try HostsResolver.configuration(
            registry: registry, root: Self.root, fileSystem: fileSystem, defaultScheme: scheme)
        #expect(configuration.endpoints.map(Self.summary) == expected, "\(name)")
        #expect(configuration.ignoredFile == nil, "\(name): \(String(describing: configuration.ignoredFile))")
    }

    // MARK: Files containerd ignores (H loadHostDir: fall back to the directory's certificate files)

    @Test(
        arguments: [
            (
                "no [host] table: invalid `host` tree", "server = \"https://m\"\nca = \"x.crt\"\n",
                HostsFileProblem.Kind.hostTree, nil
            ),
            ("host is not a table", "host = \"https://m\"\n", .hostTree, 1),
            ("not TOML", "[host.\"https://m\"]\ncapabilities = [\"pull\"\n", .syntax, 3),
            (
                "unknown capability", "[host.\"https://m\"]\n  capabilities = [\"pull\", \"fetch\"]\n",
                .unknownCapability, 2
            ),
            ("skip_verify of another type", "[host.\"https://m\"]\n  skip_verify = \"yes\"\n", .fieldType, 2),
            ("capabilities not an array", "[host.\"https://m\"]\n  capabilities = \"pull\"\n", .fieldType, 2),
            ("ca of another type", "ca = 1\n[host]\n", .fieldType, 1),
            ("client pair of three", "[host.\"https://m\"]\n  client = [[\"a\", \"b\", \"c\"]]\n", .fieldType, 2),
            ("header value of another type", "[host.\"https://m\".header]\n  x = 1\n", .fieldType, 1),
            ("a host that is no table", "[host]\n\"https://m\" = 1\n", .fieldType, 2),
            ("server not a string", "server = true\n[host]\n", .fieldType, 1),
            ("a port that is not a number", "[host.\"https://m:port\"]\n", .url, 1),
            ("a space in the host", "server = \"https://m m\"\n[host]\n", .url, nil),
        ] as [(String, String, HostsFileProblem.Kind, Int?)])
    func ignoredFiles(_ name: String, _ text: String, _ kind: HostsFileProblem.Kind, _ line: Int?) throws {
        let configuration = try Self.resolve(
            [
                "r:5000/hosts.toml": text, "r:5000/ca.crt": Self.pem, "r:5000/c.cert": "c", "r:5000/c.key": "k",
                "r:5000/d.cert": "d",
            ],
            registry: "r:5000", directories: ["r:5000/sub.crt"])
        let dir = Self.root + "/r:5000"
        #expect(configuration.source == .certificateFiles(dir), "\(name)")
        #expect(configuration.ignoredFile?.kind == kind, "\(name): \(String(describing: configuration.ignoredFile))")
        #expect(configuration.ignoredFile?.line == line, "\(name): \(String(describing: configuration.ignoredFile))")
        #expect(configuration.ignoredFile?.file == dir + "/hosts.toml")
        // The registry itself, with the directory read as certs.d (subdirectories skipped, a .cert without .key
        // holding its own key).
        #expect(
            configuration.endpoints.map(Self.summary) == [
                "upstream https://r:5000/v2 [pull, resolve, push] ca=\(dir)/ca.crt client=\(dir)/c.cert+\(dir)/c.key,\(dir)/d.cert+-"
            ], "\(name)")
    }

    @Test func emptyHostsFileReadsCertificates() throws {
        let configuration = try Self.resolve(["r/hosts.toml": "", "r/a.crt": Self.pem], registry: "r")
        #expect(configuration.source == .certificateFiles(Self.root + "/r"))
        #expect(configuration.ignoredFile == nil)
        #expect(
            configuration.endpoints.map(Self.summary) == [
                "upstream https://r/v2 [pull, resolve, push] ca=\(Self.root)/r/a.crt"
            ])
    }

    // MARK: Failures before any request

    @Test func unsupportedTOMLPredictsNothing() {
        do {
            _ = try Self.resolve(["r/hosts.toml": "[host.\"https://m\"]\nwhen = 1979-05-27\n"], registry: "r")
            Issue.record("read")
        } catch {
            guard case .unsupportedFile(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.hasPrefix(Self.root + "/r/hosts.toml:2: "), "\(message)")
        }
    }

    @Test func certificatesAreLoadedFirst() {
        #expect(throws: HostsFailure.unreadableCertificate(HostsFileSystemError(path: "/missing.crt", errno: ENOENT))) {
            _ = try Self.resolve(["r/hosts.toml": "[host.\"https://m\"]\n  ca = \"/missing.crt\"\n"], registry: "r")
        }
        #expect(throws: HostsFailure.noCertificate(path: Self.root + "/r/ca.crt")) {
            _ = try Self.resolve(
                ["r/hosts.toml": "ca = \"ca.crt\"\n[host]\n", "r/ca.crt": "not a certificate"], registry: "r")
        }
        #expect(throws: HostsFailure.unreadableCertificate(HostsFileSystemError(path: "/k.pem", errno: ENOENT))) {
            _ = try Self.resolve(
                ["r/hosts.toml": "[host.\"https://m\"]\n  client = [[\"c.pem\", \"/k.pem\"]]\n", "r/c.pem": "c"],
                registry: "r")
        }
    }

    /// hosts.toml that is a directory: the read fails (EISDIR) and so does the pull.
    @Test func unreadableHostsFileStops() {
        #expect(throws: HostsFailure.fileSystem(HostsFileSystemError(path: Self.root + "/r/hosts.toml", errno: EISDIR)))
        {
            _ = try Self.resolve([:], registry: "r", directories: ["r/hosts.toml"])
        }
    }

    // MARK: Which hosts are asked what (resolver.go Resolve, fetcher.go Fetch)

    @Test func capabilitiesDecideWhoResolves() throws {
        let configuration = try Self.resolve(
            [
                "r/hosts.toml":
                    "[host.\"https://pull-only\"]\n  capabilities = [\"pull\"]\n[host.\"https://resolver\"]\n  capabilities = [\"pull\", \"resolve\"]\n[host.\"https://push-only\"]\n  capabilities = [\"push\"]\n"
            ], registry: "r")
        #expect(configuration.resolveEndpoints(byDigest: false).map(\.host) == ["resolver", "r"])
        #expect(configuration.resolveEndpoints(byDigest: true).map(\.host) == ["pull-only", "resolver", "r"])
        // 1.6.20's fetcher loops over every host once one can pull.
        #expect(configuration.fetchEndpoints.map(\.host) == ["pull-only", "resolver", "push-only", "r"])
    }

    @Test func noPullHost() throws {
        let configuration = try Self.resolve(
            [
                "r/hosts.toml":
                    "server = \"https://s\"\ncapabilities = [\"push\"]\n[host.\"https://m\"]\n  capabilities = [\"push\"]\n"
            ],
            registry: "r")
        #expect(configuration.resolveEndpoints(byDigest: true).isEmpty)
        #expect(configuration.fetchEndpoints.isEmpty)
    }

    @Test func sameLineHostsAreFlagged() throws {
        let configuration = try Self.resolve(
            ["r/hosts.toml": "host = { \"https://a\" = {}, \"https://b\" = {} }\n"], registry: "r")
        #expect(configuration.endpoints.map(\.host) == ["a", "b", "r"])
        #expect(configuration.hostsSharingALine == ["https://a", "https://b"])
    }

    // MARK: URLs

    @Test func requestURLs() throws {
        let configuration = try Self.resolve(
            ["docker.io/hosts.toml": "[host.\"https://mirror.example.com:5000/prefix\"]\n[host.\"https://m6/\"]\n"],
            registry: "docker.io")
        let urls = configuration.endpoints.map {
            $0.requestURL(repository: "library/alpine", kind: "manifests", reference: "3.20", registry: "docker.io")?
                .string
        }
        #expect(
            urls == [
                "https://mirror.example.com:5000/prefix/v2/library/alpine/manifests/3.20?ns=docker.io",
                "https://m6/v2/library/alpine/manifests/3.20?ns=docker.io",
                "https://registry-1.docker.io/v2/library/alpine/manifests/3.20",
            ])
        #expect(configuration.endpoints[0].url?.string == "https://mirror.example.com:5000/prefix/v2")
        let local = try Self.resolve(
            ["127.0.0.1:5000/hosts.toml": "[host.\"http://127.0.0.1:6000\"]\n"], registry: "127.0.0.1:5000")
        #expect(
            local.endpoints.map {
                $0.requestURL(repository: "a/b", kind: "blobs", reference: "sha256:00", registry: "127.0.0.1:5000")?
                    .string
            } == [
                "http://127.0.0.1:6000/v2/a/b/blobs/sha256:00?ns=127.0.0.1%3A5000",
                "http://127.0.0.1:5000/v2/a/b/blobs/sha256:00",
            ])
        let nameless = try Self.resolve(["r/hosts.toml": "[host.\"httpm\"]\n"], registry: "r")
        #expect(nameless.endpoints[0].url == nil)
    }

    @Test(arguments: [
        ("localhost", true), ("localhost:5000", true), ("127.0.0.1", true), ("127.0.0.1:80", true),
        ("127.9.9.9:1", true),
        ("[::1]:5000", true), ("::1", true), ("[::1]", false), ("LOCALHOST", false), ("localhost.localdomain", false),
        ("app.localhost", false), ("10.0.0.1:5000", false), ("127.000.0.1", false), ("registry.example.com", false),
    ])
    func localhost(_ registry: String, _ expected: Bool) {
        #expect(HostsResolver.isLocalhost(registry) == expected, "\(registry)")
    }

    @Test(arguments: [
        ("https://m", false, "https", "m", "/v2"),
        // `hasPrefix("http")` is case-sensitive: `https://` is put in front, and Go reads `HTTPS:` as the host.
        ("HTTPS://M:5000", false, "https", "HTTPS:", "/M:5000/v2"),
        ("http://M:5000", false, "http", "M:5000", "/v2"),
        ("m.example.com", false, "https", "m.example.com", "/v2"),
        ("http://user:pw@m:5000/a/../b", false, "http", "m:5000", "/b/v2"),
        ("https://m/x?q=1#f", false, "https", "m", "/x/v2"),
        ("https://[::1]:5000", false, "https", "[::1]:5000", "/v2"),
        ("https:opaque", false, "https", "", "/v2"),
        ("https://m/a%20b", true, "https", "m", "/a b"),
    ])
    func serverURL(_ name: String, _ overridePath: Bool, _ scheme: String, _ host: String, _ path: String) throws {
        let url = try HostsServerURL(name, overridePath: overridePath)
        #expect([url.scheme, url.host, url.path] == [scheme, host, path], "\(name)")
    }

    @Test(arguments: ["https://m:x", "https://m m", "https://m\u{7}", "https://[::1", "https://m%zz", "https://m%41"])
    func serverURLRefused(_ name: String) {
        #expect(throws: HostsServerURLError.self, "\(name)") { _ = try HostsServerURL(name, overridePath: false) }
    }

    @Test(arguments: [
        ("/", "/"), ("", "."), ("a//b/./c/..", "a/b"), ("/../x", "/x"), ("../x", "../x"), ("/a/b/", "/a/b"),
    ])
    func goPathClean(_ path: String, _ expected: String) {
        #expect(GoPath.clean(path) == expected)
    }
}
