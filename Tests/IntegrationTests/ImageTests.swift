import Foundation
import Testing

/// `scripts/image`: the OCI layout built twice from one build gives one digest; its config and contents are what
/// the README promises (every executable, exactly the libraries ldd lists, the CA bundle, nonroot, no shell); skopeo
/// pushes it to the lab's registry, the lab's containerd pulls it, and `ctr run` runs it (runc, as root here) with
/// the deploy/ settings: host network, read-only root file system, the image's non-root user.
@Suite(
    .enabled(
        if: (Shipping.available && Containerd.available) || Lab.required,
        "no release build or no containerd in the lab: run scripts/test as root"))
struct ImageTests {
    @Test func buildPushPullRun() throws {
        let shipping = try #require(Shipping.shared, "scripts/test did not prepare the release build")
        let lab = try #require(Lab.shared, "no lab: run scripts/test, which starts it")
        let containerd = try #require(Containerd(lab: lab), "the lab runs no containerd: run scripts/test as root")
        let work = try Shipping.temporaryDirectory("image")
        defer { try? FileManager.default.removeItem(atPath: work) }

        // Built twice: one digest.
        let first = try shipping.script("image", [work + "/one"])
        try #require(first.exitCode == 0, "scripts/image failed: \(first.stdout) \(first.stderr)")
        print(first.stdout)
        let second = try shipping.script("image", [work + "/two"])
        try #require(second.exitCode == 0, "scripts/image failed: \(second.stdout) \(second.stderr)")
        let index = try String(contentsOfFile: work + "/one/index.json", encoding: .utf8)
        #expect(index == (try String(contentsOfFile: work + "/two/index.json", encoding: .utf8)))
        let summary = try json(work + "/one/image.json")
        let manifestDigest = try #require(summary["manifest"] as? String)
        #expect(index.contains(manifestDigest))
        #expect(
            try json(work + "/two/image.json")["manifest"] as? String == manifestDigest,
            "two builds of one commit gave two digests")

        // The config: entrypoint, user, labels.
        let manifest = try json(blob(work + "/one", manifestDigest))
        let configDigest = try #require((manifest["config"] as? [String: Any])?["digest"] as? String)
        let config = try json(blob(work + "/one", configDigest))
        let settings = try #require(config["config"] as? [String: Any])
        #expect(settings["Entrypoint"] as? [String] == ["regprobe"])
        #expect(settings["User"] as? String == "65532:65532")
        let labels = try #require(settings["Labels"] as? [String: String])
        #expect(labels["org.opencontainers.image.version"] == shipping.version)
        #expect(labels["org.opencontainers.image.revision"] == shipping.commit)
        #expect(labels["org.opencontainers.image.source"]?.hasPrefix("https://") == true)
        #expect(labels["org.opencontainers.image.created"] != nil)

        // The layer: every executable, exactly ldd's libraries, the CA bundle, the user; no shell.
        let layers = try #require(manifest["layers"] as? [[String: Any]])
        try #require(layers.count == 1)
        let layerDigest = try #require(layers[0]["digest"] as? String)
        let listing = try Shipping.run("/usr/bin/tar", ["-tvzf", blob(work + "/one", layerDigest)])
        try #require(listing.exitCode == 0, "\(listing.stderr)")
        let entries = listing.stdout.split(separator: "\n").map { line -> (path: String, owner: String) in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return (String(fields[5]), String(fields[1]))
        }
        let paths = Set(entries.map(\.path))
        // Symbolic links of the layer ("lib -> usr/lib"), to find a file by the path ldd printed.
        var links: [String: String] = [:]
        for line in listing.stdout.split(separator: "\n") where line.hasPrefix("l") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 8 { links[String(fields[5])] = String(fields[7]) }
        }
        func inLayer(_ absolute: String) -> String {
            var resolved: [Substring] = []
            for component in absolute.split(separator: "/") {
                resolved.append(component)
                if let target = links[resolved.joined(separator: "/")], !target.hasPrefix("/") {
                    resolved = resolved.dropLast() + target.split(separator: "/")
                }
            }
            return resolved.joined(separator: "/")
        }
        for executable in shipping.executables {
            #expect(paths.contains("usr/local/bin/\(executable)"), "the image lacks \(executable)")
        }
        let libraries = try #require(summary["libraries"] as? [String])
        #expect(libraries == (try lddLibraries(shipping)), "the image's libraries are not exactly what ldd lists")
        for library in libraries {
            #expect(paths.contains(inLayer(library)), "the image lacks \(library) (\(inLayer(library)))")
        }
        let sharedObjects = paths.filter { $0.contains(".so") && !$0.hasPrefix("usr/share/") }
        #expect(sharedObjects.count == libraries.count, "libraries beyond ldd's: \(sharedObjects.sorted())")
        #expect(paths.contains("etc/ssl/certs/ca-certificates.crt"))
        #expect(paths.contains { $0.hasPrefix("etc/ssl/certs/") && $0.hasSuffix(".0") }, "no hashed CA files")
        for shell in ["sh", "bash", "dash", "busybox", "ash", "zsh"] {
            #expect(!paths.contains { $0.hasSuffix("/" + shell) || $0 == shell }, "the image has \(shell)")
        }
        #expect(entries.first { $0.path == "home/nonroot/" }?.owner == "65532/65532")
        #expect(entries.filter { $0.path != "home/nonroot/" }.allSatisfy { $0.owner == "0/0" })

        // Pushed with skopeo, pulled by containerd.
        let reference = "\(lab.open)/regprobe/regprobe:\(shipping.version)"
        let push = try Shipping.run(
            "/usr/bin/skopeo",
            [
                "copy", "--quiet", "--dest-tls-verify=false", "oci:\(work)/one:\(shipping.version)",
                "docker://\(reference)",
            ])
        try #require(push.exitCode == 0, "skopeo copy failed: \(push.stderr)")
        let pull = try containerd.pull(reference)
        try #require(pull.pulled, "containerd refused the image: \(pull.error) (log: \(pull.logPath))")

        // Run by containerd, as deploy/ runs it: read-only root, host network, the image's user.
        var runs = 0
        func run(_ arguments: [String], mounts: [String] = []) throws -> Run {
            runs += 1
            let id = "regprobe-image-test-\(ProcessInfo.processInfo.processIdentifier)-\(runs)"
            var ctr = [
                "--address", lab["LAB_CONTAINERD_SOCK"], "--namespace", pull.namespace, "run", "--rm", "--net-host",
                "--read-only",
            ]
            for mount in mounts { ctr += ["--mount", "type=bind,src=\(mount),dst=/etc/regprobe,options=rbind:ro"] }
            return try Shipping.run("/usr/bin/ctr", ctr + [reference, id] + arguments)
        }
        let version = try run(["regprobe", "--version"])
        #expect(version.exitCode == 0, "\(version.stderr)")
        #expect(version.stdout == "\(shipping.version) (commit \(shipping.commit))\n")

        let check = try run(["regprobe", "-o", "json", "\(lab.open)/public/hello:1.0"])
        #expect(check.exitCode == 0, "\(check.stdout) \(check.stderr)")
        #expect(check.status() == "exists", "\(check.stdout)")

        // The CronJob's way: a Docker config mounted read-only, given to --authfile (TLS with the lab's CA).
        let auth = try Shipping.temporaryDirectory("image-auth")
        defer { try? FileManager.default.removeItem(atPath: auth) }
        let basic = Data("alice:alicepw".utf8).base64EncodedString()
        try Data(#"{"auths": {"\#(lab.basic)": {"auth": "\#(basic)"}}}"#.utf8).write(
            to: URL(fileURLWithPath: auth + "/config.json"))
        try FileManager.default.copyItem(atPath: lab.ca, toPath: auth + "/ca.crt")
        for file in ["config.json", "ca.crt"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: auth + "/" + file)
        }
        let authed = try run(
            [
                "regprobe", "-o", "json", "--authfile", "/etc/regprobe/config.json", "--ca-file",
                "/etc/regprobe/ca.crt", "\(lab.basic)/private/app:1.0",
            ], mounts: [auth])
        #expect(authed.status() == "exists", "\(authed.stdout) \(authed.stderr)")

        // Not root: a file only root may read stays closed to it.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: auth + "/config.json")
        let closed = try run(
            ["regprobe", "--authfile", "/etc/regprobe/config.json", "\(lab.basic)/private/app:1.0"], mounts: [auth])
        #expect(closed.exitCode == 4, "\(closed.stdout) \(closed.stderr)")
        #expect(closed.stderr.lowercased().contains("permission denied"), "\(closed.stderr)")

        // The Job's way: manifests mounted read-only, scanned by the one binary.
        let pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - {name: c, image: "\(lab.open)/public/hello:1.0"}
            """
        try Data(pod.utf8).write(to: URL(fileURLWithPath: auth + "/pod.yaml"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: auth + "/pod.yaml")
        let scan = try run(["regprobe", "scan", "-o", "json", "/etc/regprobe/pod.yaml"], mounts: [auth])
        #expect(scan.exitCode == 0, "\(scan.stdout) \(scan.stderr)")
        #expect(scan.status() == "exists", "\(scan.stdout)")
    }

    /// The libraries `ldd` lists for the shipped executables, in scripts/image.d/rootfs.py's order.
    func lddLibraries(_ shipping: Shipping) throws -> [String] {
        var libraries: [String] = []
        for executable in shipping.executables {
            let ldd = try Shipping.run("/usr/bin/ldd", [shipping.binDirectory + "/" + executable])
            for line in ldd.stdout.split(separator: "\n") {
                let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
                let path = words.count >= 3 && words[1] == "=>" ? words[2] : words.first ?? ""
                if path.hasPrefix("/"), !libraries.contains(String(path)) { libraries.append(String(path)) }
            }
        }
        return libraries
    }

    func blob(_ layout: String, _ digest: String) -> String {
        layout + "/blobs/sha256/" + digest.dropFirst("sha256:".count)
    }

    func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(path) is not an object")
    }
}
