/// One container (or init / ephemeral container) of a workload, with what the API server and kubelet derive from
/// it: namespace, defaulted pull policy, the pod's pull secrets and service account.
public struct ContainerSpec: Sendable, Hashable {
    /// Which list of the pod spec the container is in.
    public enum ContainerList: String, Sendable, Hashable, CaseIterable {
        case containers
        case initContainers
        case ephemeralContainers
    }

    /// The workload's `kind` (`Deployment`, `CronJob`, `Pod`, or a custom kind with a pod template).
    public let workloadKind: String
    /// The workload's `metadata.name` (empty when missing).
    public let workloadName: String
    /// `metadata.namespace`, else the default namespace the caller passed (`--namespace`, else `default`).
    public let namespace: String
    /// The container's `name` (empty when missing).
    public let containerName: String
    public let list: ContainerList
    /// `image` exactly as written (empty when missing); kubelet messages quote it like this (§8).
    public let image: String
    /// `imagePullPolicy` as written, when present.
    public let explicitPullPolicy: String?
    /// The policy the API server stores (R3.1); nil when the explicit value is unsupported (the API server
    /// refuses the object).
    public let pullPolicy: PullPolicy?
    /// The pod spec's `imagePullSecrets` names in order (empty names kept; kubelet skips them, R4.1); nil when the
    /// field is absent, `[]` when it is an empty list.
    public let imagePullSecrets: [String]?
    /// `serviceAccountName` (or the deprecated `serviceAccount`), else `default` (R4.2).
    public let serviceAccountName: String
    /// Where the workload was read.
    public let origin: DocumentOrigin

    public init(
        workloadKind: String, workloadName: String, namespace: String, containerName: String, list: ContainerList,
        image: String, explicitPullPolicy: String?, imagePullSecrets: [String]?, serviceAccountName: String,
        origin: DocumentOrigin
    ) {
        self.workloadKind = workloadKind
        self.workloadName = workloadName
        self.namespace = namespace
        self.containerName = containerName
        self.list = list
        self.image = image
        self.explicitPullPolicy = explicitPullPolicy
        self.pullPolicy = PullPolicy.effective(explicit: explicitPullPolicy, image: image)
        self.imagePullSecrets = imagePullSecrets
        self.serviceAccountName = serviceAccountName
        self.origin = origin
    }

    /// `Deployment/web`.
    public var workload: String { "\(workloadKind)/\(workloadName)" }

    /// Whether the object is a bare Pod (the API server validates its images at creation) rather than a template.
    public var isPod: Bool { workloadKind == "Pod" }
}
