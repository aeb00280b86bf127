/// What ``WorkloadWalker`` found in a set of documents.
public struct WorkloadScan: Sendable, Hashable {
    /// Every container, in document order; within a pod: `initContainers`, `containers`, `ephemeralContainers`.
    public var containers: [ContainerSpec]
    /// Every Secret read as a pull secret (whatever its type), in document order.
    public var secrets: [PullSecret]
    public var serviceAccounts: [ServiceAccountRef]
    /// Documents that could not be read, and workloads whose pod spec is malformed.
    public var problems: [DocumentProblem]
    /// Objects skipped quietly because they hold no pod spec (Service, ConfigMap, ...): `Kind/name`.
    public var skipped: [String]

    public init(
        containers: [ContainerSpec] = [], secrets: [PullSecret] = [], serviceAccounts: [ServiceAccountRef] = [],
        problems: [DocumentProblem] = [], skipped: [String] = []
    ) {
        self.containers = containers
        self.secrets = secrets
        self.serviceAccounts = serviceAccounts
        self.problems = problems
        self.skipped = skipped
    }
}
