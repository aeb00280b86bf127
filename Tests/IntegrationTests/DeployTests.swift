import Foundation
import RegProbe
import Testing

/// deploy/: `regprobe scan` reads every document of it, and the images it names are the project's, at this
/// version. The pod settings are the least-privilege ones the README promises. The scan goes through a proxy on a
/// closed loopback port, so nothing leaves the machine: its verdicts are network errors, which is not what is tested.
@Suite struct DeployTests {
    static let deploy = Shipping.root + "/deploy"

    @Test func scanLoadsEveryDocumentAndNamesTheProjectsImage() throws {
        let scan = try RegProbeBinary.run(
            ["scan", "-o", "json", Self.deploy], environment: ["https_proxy": "http://127.0.0.1:9", "no_proxy": ""])
        #expect(scan.exitCode != 4 && scan.exitCode != 64, "\(scan.stdout) \(scan.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any], "\(scan.stdout)")
        #expect(
            (object["problems"] as? [Any])?.isEmpty == true,
            "documents that did not load: \(String(describing: object["problems"]))")
        let results = scan.results
        #expect(
            Set(results.compactMap { $0["workload"] as? String }) == ["Job/regprobe-scan", "CronJob/regprobe-recheck"],
            "\(results)")
        let image = "\(Shipping.imageRepository):\(RegProbeVersion.current)"
        for result in results {
            #expect(result["image"] as? String == image, "deploy/ names \(result["image"] ?? "nothing"), not \(image)")
        }
    }

    /// The Job scans files that are keys of the ConfigMap it mounts (named one by one: a ConfigMap volume also holds
    /// a hidden copy of each key, which scanning the directory would read twice).
    @Test func jobScansTheConfigMapsKeys() throws {
        let documents = try Shipping.yamlDocuments(Self.deploy + "/job.yaml").compactMap { $0 as? [String: Any] }
        let configMap = try #require(documents.first { $0["kind"] as? String == "ConfigMap" })
        let keys = Set((configMap["data"] as? [String: Any] ?? [:]).keys)
        #expect(!keys.isEmpty)
        let job = try #require(documents.first { $0["kind"] as? String == "Job" })
        let pod = try #require(
            ((job["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let args = container["args"] as? [String] ?? []
        #expect(args.first == "scan")
        let mount = try #require((container["volumeMounts"] as? [[String: Any]])?.first)
        let mountPath = try #require(mount["mountPath"] as? String)
        let volume = try #require(
            (pod["volumes"] as? [[String: Any]])?.first { $0["name"] as? String == mount["name"] as? String })
        #expect(
            (volume["configMap"] as? [String: Any])?["name"] as? String
                == (configMap["metadata"] as? [String: Any])?["name"] as? String)
        let files = args.dropFirst().filter { $0.hasPrefix(mountPath + "/") }
        #expect(!files.isEmpty, "the Job scans no file of its ConfigMap")
        for file in files {
            #expect(keys.contains(String(file.dropFirst(mountPath.count + 1))), "\(file) is no key of the ConfigMap")
        }
    }

    @Test func podsRunWithLeastPrivilege() throws {
        var templates: [(name: String, spec: [String: Any])] = []
        var cronJob: [String: Any]?
        for file in ["job.yaml", "cronjob.yaml"] {
            for case let document as [String: Any] in try Shipping.yamlDocuments(Self.deploy + "/" + file) {
                let kind = document["kind"] as? String
                let spec = document["spec"] as? [String: Any]
                if kind == "Job", let pod = (spec?["template"] as? [String: Any])?["spec"] as? [String: Any] {
                    templates.append(("Job", pod))
                }
                if kind == "CronJob" {
                    cronJob = spec
                    let job = (spec?["jobTemplate"] as? [String: Any])?["spec"] as? [String: Any]
                    if let pod = (job?["template"] as? [String: Any])?["spec"] as? [String: Any] {
                        templates.append(("CronJob", pod))
                    }
                }
            }
        }
        #expect(templates.map(\.name) == ["Job", "CronJob"])
        for (name, pod) in templates {
            #expect(pod["automountServiceAccountToken"] as? Bool == false, "\(name): a service account token")
            let security = pod["securityContext"] as? [String: Any] ?? [:]
            #expect(security["runAsNonRoot"] as? Bool == true, "\(name)")
            #expect(security["runAsUser"] as? Int == 65532, "\(name)")
            #expect((security["seccompProfile"] as? [String: Any])?["type"] as? String == "RuntimeDefault", "\(name)")
            for case let container as [String: Any] in pod["containers"] as? [Any] ?? [] {
                let context = container["securityContext"] as? [String: Any] ?? [:]
                #expect(context["readOnlyRootFilesystem"] as? Bool == true, "\(name)")
                #expect(context["allowPrivilegeEscalation"] as? Bool == false, "\(name)")
                #expect((context["capabilities"] as? [String: Any])?["drop"] as? [String] == ["ALL"], "\(name)")
                let resources = container["resources"] as? [String: Any] ?? [:]
                for part in ["requests", "limits"] {
                    let values = resources[part] as? [String: Any] ?? [:]
                    #expect(values["cpu"] != nil && values["memory"] != nil, "\(name): no \(part)")
                }
            }
        }

        // The CronJob: every 30 minutes, --authfile reading the pull Secret's .dockerconfigjson from its volume.
        let cron = try #require(cronJob)
        #expect(cron["schedule"] as? String == "*/30 * * * *")
        #expect(cron["concurrencyPolicy"] as? String == "Forbid")
        let pod = try #require(templates.last?.spec)
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let args = container["args"] as? [String] ?? []
        let authfile = try #require(args.firstIndex(of: "--authfile").map { args[$0 + 1] }, "no --authfile")
        let mount = try #require(
            (container["volumeMounts"] as? [[String: Any]])?.first { authfile.hasPrefix("\($0["mountPath"]!)/") })
        let volume = try #require(
            (pod["volumes"] as? [[String: Any]])?.first { $0["name"] as? String == mount["name"] as? String })
        let secret = try #require(volume["secret"] as? [String: Any], "the --authfile volume is not a Secret")
        let item = try #require((secret["items"] as? [[String: Any]])?.first)
        #expect(item["key"] as? String == ".dockerconfigjson")
        #expect("\(mount["mountPath"]!)/\(item["path"]!)" == authfile)
        #expect(mount["readOnly"] as? Bool == true)
    }
}
