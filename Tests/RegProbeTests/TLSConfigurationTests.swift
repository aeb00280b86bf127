import Foundation
import Testing

@testable import RegProbe

struct TLSConfigurationTests {
    @Test func systemCAsComeFromTheHashedDirectory() {
        let options = TLSConfiguration().options(for: "https://reg.example.com/v2/")
        #expect(options.systemCADirectory == "/etc/ssl/certs", "Debian's hashed CA directory, looked up on demand")
        #expect(options.caBundle == nil)
        #expect(TLSConfiguration().options(for: "http://reg.example.com/v2/") == TLSOptions(), "nothing for plain HTTP")
        #expect(TLSConfiguration(insecure: true).options(for: "https://x/").insecure)
    }

    @Test func certsDirectoryPerHost() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("certsd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("reg.example.com:5000")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["ca.crt", "client.cert", "client.key", "orphan.cert", "other.crt"] {
            try Data("PEM \(name)\n".utf8).write(to: dir.appendingPathComponent(name))
        }
        let tls = TLSConfiguration(caFile: nil, certDirectory: root.path)
        let options = tls.options(for: "https://reg.example.com:5000/v2/")
        #expect(options.clientCertificate == dir.appendingPathComponent("client.cert").path)
        #expect(options.clientKey == dir.appendingPathComponent("client.key").path)
        #expect(String(decoding: options.caBundle ?? [], as: UTF8.self) == "PEM ca.crt\n\nPEM other.crt\n\n")
        #expect(options.systemCADirectory == "/etc/ssl/certs")
        let other = tls.options(for: "https://reg.example.com/v2/")
        #expect(other.caBundle == nil && other.clientCertificate == nil, "port 443 is another directory")
    }

    @Test func sslCertFileReplacesTheSystemStore() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString).pem")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("PEM bundle\n".utf8).write(to: file)
        let options = TLSConfiguration(sslCertFile: file.path).options(for: "https://r/")
        #expect(options.systemCADirectory == nil)
        #expect(String(decoding: options.caBundle ?? [], as: UTF8.self) == "PEM bundle\n\n")
    }

    @Test func sslCertFileNamingTheSystemBundleChangesNothing() {
        let options = TLSConfiguration(sslCertFile: "/etc/ssl/certs/ca-certificates.crt").options(for: "https://r/")
        #expect(options.caBundle == nil)
        #expect(options.systemCADirectory == "/etc/ssl/certs")
    }
}
