import Foundation
import Testing

/// `regprobe` is one binary: the check, `secret`, `scan` and `check --secret` run in it, so installing that one
/// file is enough, and it does not link swift-corelibs Foundation (FoundationEssentials only) or a YAML library
/// other than libyaml.
@Suite(.enabled(if: Lab.available || Lab.required, "no lab: run scripts/test, which starts the registries"))
struct OneBinaryTests {
    @Test func theBinaryDoesNotLinkFoundation() throws {
        let run = try RegProbeBinary.runCommand("/usr/bin/ldd", [RegProbeBinary.path])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("libFoundation.so"), "\(run.stdout)")
        #expect(!run.stdout.contains("libFoundationInternationalization"), "\(run.stdout)")
        #expect(!run.stdout.contains("Yams"), "\(run.stdout)")
        #expect(run.stdout.contains("libyaml"), "YAML is read by the system's libyaml")
    }

    /// The binary alone in an empty directory (nothing installed beside it): `scan`, `secret` and
    /// `check --secret` read their manifests and check with the Secret's credentials.
    @Test func installedAloneEveryCommandWorks() throws {
        let lab = try #require(Lab.shared)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regprobe-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("regprobe").path
        try FileManager.default.copyItem(atPath: RegProbeBinary.path, toPath: binary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["regprobe"])

        let inputs = dir.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let auth = Data("alice:alicepw".utf8).base64EncodedString()
        let secret = """
            apiVersion: v1
            kind: Secret
            metadata: {name: regcred, namespace: prod}
            type: kubernetes.io/dockerconfigjson
            stringData:
              .dockerconfigjson: '{"auths": {"\(lab.token)": {"auth": "\(auth)"}}}'
            """
        let secretFile = inputs.appendingPathComponent("secret.yaml").path
        try Data(secret.utf8).write(to: URL(fileURLWithPath: secretFile))
        let image = "\(lab.token)/private/app:1.0"
        let deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: prod}
            spec:
              template:
                spec:
                  imagePullSecrets: [{name: regcred}]
                  containers: [{name: app, image: \(image)}]
            ---
            \(secret)
            """

        let scan = try RegProbeBinary.run(["scan", "--ca-file", lab.ca, "-"], stdin: deployment, executable: binary)
        #expect(scan.exitCode == 0, "\(scan.stdout)\(scan.stderr)")
        #expect(scan.stdout.contains("pulls with secret prod/regcred"), "\(scan.stdout)")

        let secretRun = try RegProbeBinary.run(
            ["secret", "-o", "json", "--ca-file", lab.ca, secretFile, image], executable: binary)
        #expect(secretRun.exitCode == 0, "\(secretRun.stdout)\(secretRun.stderr)")
        #expect(secretRun.stdout.contains("\"exists\""), "\(secretRun.stdout)")

        let check = try RegProbeBinary.run(
            ["check", "-o", "json", "--ca-file", lab.ca, "--secret", secretFile, image], executable: binary)
        #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.status() == "exists", "\(check.stdout)")
        #expect(!(scan.stdout + secretRun.stdout + check.stdout).contains("alicepw"))
    }
}
