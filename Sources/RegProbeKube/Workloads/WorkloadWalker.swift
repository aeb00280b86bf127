/// Finds every container in Kubernetes documents, and the Secrets and ServiceAccounts that decide their pull
/// credentials.
///
/// Pod specs are found at:
/// - `spec` of a `Pod`;
/// - `template.spec` of a `PodTemplate`;
/// - `spec.jobTemplate.spec.template.spec` of a `CronJob` (or any kind with that shape);
/// - `spec.template.spec` of any kind that has it (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
///   ReplicationController, and custom resources with a pod template).
/// Other kinds are skipped quietly.
public enum WorkloadWalker {
    /// Walks `documents`; objects without `metadata.namespace` are in `defaultNamespace`.
    public static func walk(_ documents: [KubeDocument], defaultNamespace: String = "default") -> WorkloadScan {
        var scan = WorkloadScan()
        for document in documents {
            let value = document.value
            let kind = value["kind"]?.text ?? ""
            let name = value[path: "metadata", "name"]?.text ?? ""
            let namespace = document.namespace ?? defaultNamespace
            switch kind {
            case "Secret":
                if let secret = PullSecretParser.parse(document, defaultNamespace: defaultNamespace) {
                    scan.secrets.append(secret)
                }
                continue
            case "ServiceAccount":
                scan.serviceAccounts.append(
                    ServiceAccountRef(
                        namespace: namespace, name: name,
                        imagePullSecrets: secretNames(value["imagePullSecrets"]) ?? [], origin: document.origin))
                continue
            default:
                break
            }
            guard let podSpec = podSpec(of: value, kind: kind), podSpec != .null else {
                if requiresPodSpec(kind) {
                    scan.problems.append(problem(document, "no pod spec (\(kind == "Pod" ? "spec" : "pod template"))"))
                    continue
                }
                scan.skipped.append("\(kind.isEmpty ? "<no kind>" : kind)/\(name)")
                continue
            }
            guard case .object = podSpec else {
                scan.problems.append(problem(document, "the pod spec is \(podSpec.kindDescription), not a mapping"))
                continue
            }
            let pullSecrets = secretNames(podSpec["imagePullSecrets"])
            // R4.2: admission sets serviceAccountName to "default" when empty.
            let serviceAccount =
                [podSpec["serviceAccountName"], podSpec["serviceAccount"]]
                .compactMap { $0?.string }.first { !$0.isEmpty } ?? "default"
            let lists: [ContainerSpec.ContainerList] = [.initContainers, .containers, .ephemeralContainers]
            for list in lists {
                guard let field = podSpec[list.rawValue], field != .null else { continue }
                guard case .array(let containers) = field else {
                    scan.problems.append(problem(document, "\(list.rawValue) is \(field.kindDescription), not a list"))
                    continue
                }
                for (n, container) in containers.enumerated() {
                    guard case .object = container else {
                        scan.problems.append(
                            problem(
                                document,
                                "\(list.rawValue)[\(n)] is \(container.kindDescription), not a mapping"))
                        continue
                    }
                    scan.containers.append(
                        ContainerSpec(
                            workloadKind: kind, workloadName: name, namespace: namespace,
                            containerName: container["name"]?.text ?? "",
                            list: list,
                            image: container["image"]?.text ?? "",
                            explicitPullPolicy: container["imagePullPolicy"]?.text,
                            imagePullSecrets: pullSecrets, serviceAccountName: serviceAccount,
                            origin: document.origin))
                }
            }
        }
        return scan
    }

    /// The kinds whose pod template is `spec.template.spec`.
    public static let templateKinds: Set<String> = [
        "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController",
    ]

    /// The kinds that must have a pod spec (a missing one is a problem rather than a quiet skip).
    static func requiresPodSpec(_ kind: String) -> Bool {
        kind == "Pod" || kind == "PodTemplate" || kind == "CronJob" || templateKinds.contains(kind)
    }

    /// The pod spec of a workload, or nil when the object has none.
    public static func podSpec(of value: KubeValue, kind: String) -> KubeValue? {
        switch kind {
        case "Pod":
            return value["spec"]
        case "PodTemplate":
            return value[path: "template", "spec"]
        case "CronJob":
            return value[path: "spec", "jobTemplate", "spec", "template", "spec"]
        case _ where templateKinds.contains(kind):
            return value[path: "spec", "template", "spec"]
        default:
            // Any other kind with a pod template (custom resources, e.g. Argo Rollouts): only when it has
            // containers, so that unrelated `spec.template`s are not taken for pod specs.
            for spec in [
                value[path: "spec", "template", "spec"],
                value[path: "spec", "jobTemplate", "spec", "template", "spec"],
            ] {
                if let spec, spec["containers"] != nil { return spec }
            }
            return nil
        }
    }

    /// `imagePullSecrets: [{name: x}, ...]` → names in order (an entry without a name gives ""); nil when absent
    /// or null.
    static func secretNames(_ value: KubeValue?) -> [String]? {
        guard let value, value != .null else { return nil }
        guard case .array(let refs) = value else { return [] }
        return refs.map { $0["name"]?.text ?? "" }
    }

    private static func problem(_ document: KubeDocument, _ message: String) -> DocumentProblem {
        let what = "\(document.kind ?? "object") \(document.name.map { String(reflecting: $0) } ?? "")"
        return DocumentProblem(
            file: document.origin.file, index: document.origin.index, line: document.origin.line,
            message: "\(what): \(message)")
    }
}
