import Foundation
import Testing

/// TLS as it is set up in the field (issue 5), against the real registry: a client certificate required by
/// `http.tls.clientcas`, certs.d directories (--cert-dir, /etc/docker/certs.d, /etc/containers/certs.d), and
/// SSL_CERT_FILE.
/// Serialized: some tests write /etc/*/certs.d for the mTLS registry, which the others must not see.
@Suite(
    .serialized, .enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct TLSSetupsTests {
    var mtls: String { Lab.shared?["LAB_MTLS"] ?? "" }

    /// A certs.d-style tree under `root` for `host`, with the lab CA and (optionally) the client certificate.
    func makeCertsDir(root: URL, host: String, lab: Lab, client: Bool) throws {
        let dir = root.appendingPathComponent(host)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: lab.ca, toPath: dir.appendingPathComponent("ca.crt").path)
        if client {
            try FileManager.default.copyItem(
                atPath: lab["LAB_CLIENT_CERT"], toPath: dir.appendingPathComponent("client.cert").path)
            try FileManager.default.copyItem(
                atPath: lab["LAB_CLIENT_KEY"], toPath: dir.appendingPathComponent("client.key").path)
        }
    }

    @Test func clientCertificateRequired() throws {
        let lab = try #require(Lab.shared)
        let run = try RegProbeBinary.run(["-o", "json", "--ca-file", lab.ca, "\(mtls)/public/hello:1.0"])
        #expect(run.status() == "tls-error")
        #expect(run.exitCode == 3)
        #expect(
            (run.field("message") as? String)?.contains("requires a client certificate") == true,
            "\(run.field("message") ?? "")")
    }

    @Test func certDirWithClientCertificate() throws {
        let lab = try #require(Lab.shared)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "regprobe-certdir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try makeCertsDir(root: root, host: mtls, lab: lab, client: true)
        let run = try RegProbeBinary.run(["-o", "json", "--cert-dir", root.path, "\(mtls)/public/hello:1.0"])
        #expect(run.status() == "exists", "\(run.field("message") ?? "")")
        #expect(run.field("digest") as? String == lab.digest("public/hello:1.0"))
    }

    @Test(.enabled(if: getuid() == 0, "writes /etc/docker/certs.d"))
    func dockerCertsDirectory() throws {
        let lab = try #require(Lab.shared)
        let root = URL(fileURLWithPath: "/etc/docker/certs.d")
        let dir = root.appendingPathComponent(mtls)
        guard !FileManager.default.fileExists(atPath: dir.path) else {
            Issue.record("\(dir.path) exists already")
            return
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        try makeCertsDir(root: root, host: mtls, lab: lab, client: true)
        let run = try RegProbeBinary.run(["-o", "json", "\(mtls)/public/multi:oci"])
        #expect(run.status() == "exists", "\(run.field("message") ?? "")")
    }

    @Test(.enabled(if: getuid() == 0, "writes /etc/containers/certs.d"))
    func containersCertsDirectoryCAOnly() throws {
        let lab = try #require(Lab.shared)
        let root = URL(fileURLWithPath: "/etc/containers/certs.d")
        let dir = root.appendingPathComponent(lab.basic)
        guard !FileManager.default.fileExists(atPath: dir.path) else {
            Issue.record("\(dir.path) exists already")
            return
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        try makeCertsDir(root: root, host: lab.basic, lab: lab, client: false)
        let run = try RegProbeBinary.run(
            ["-o", "json", "-u", "alice", "--password-stdin", "\(lab.basic)/private/app:1.0"], stdin: "alicepw")
        #expect(run.status() == "exists", "\(run.field("message") ?? "")")
    }

    @Test func sslCertFileReplacesTheSystemBundle() throws {
        let lab = try #require(Lab.shared)
        var run = try RegProbeBinary.run(
            ["-o", "json", "\(lab.token)/public/hello:1.0"], environment: ["SSL_CERT_FILE": lab.ca])
        #expect(run.status() == "exists", "\(run.field("message") ?? "")")
        run = try RegProbeBinary.run(["-o", "json", "\(lab.token)/public/hello:1.0"])
        #expect(run.status() == "tls-error")
        #expect((run.field("message") as? String)?.contains("does not trust") == true)
    }
}
