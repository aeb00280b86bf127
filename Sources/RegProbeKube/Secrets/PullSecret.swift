/// A Kubernetes Secret read as an image pull secret: its identity, what kubelet makes of it, and every finding.
///
/// Holds no secret bytes besides the credentials in ``entries`` (whose passwords never appear in any
/// description).
public struct PullSecret: Sendable, Hashable, CustomStringConvertible {
    /// `kubernetes.io/dockerconfigjson` (R4.3).
    public static let dockerConfigJSONType = "kubernetes.io/dockerconfigjson"
    /// `kubernetes.io/dockercfg` (R4.3).
    public static let dockercfgType = "kubernetes.io/dockercfg"
    /// The data key of a `kubernetes.io/dockerconfigjson` secret.
    public static let dockerConfigJSONKey = ".dockerconfigjson"
    /// The data key of a `kubernetes.io/dockercfg` secret.
    public static let dockercfgKey = ".dockercfg"

    /// `metadata.namespace`, or the default namespace the caller passed.
    public let namespace: String
    /// `metadata.name` (empty when missing: see ``SecretFinding/Code/missingName``).
    public let name: String
    /// `type` as written; empty when absent (the API server then stores `Opaque`).
    public let type: String
    /// The keys of `data` merged with `stringData` (R4.4), sorted.
    public let dataKeys: [String]
    /// The registry entries of the payload, in document order. For a secret kubelet ignores (wrong type), these
    /// are what the payload would give if the type were right; see ``keyringEntries`` for what kubelet uses.
    public let entries: [PullSecretEntry]
    /// Every problem found, in the order checked.
    public let findings: [SecretFinding]
    /// R5.5: the error kubelet's decoding of this secret returns (Go's wording, no secret bytes). Any pod that
    /// references the secret then fails every image pull.
    public let kubeletError: String?
    /// Whether kubelet reads this secret at all: type and key right, payload non-empty (R4.3).
    public let isUsedByKubelet: Bool
    /// Where it was read from, if from a document.
    public let origin: DocumentOrigin?

    public init(
        namespace: String, name: String, type: String, dataKeys: [String], entries: [PullSecretEntry],
        findings: [SecretFinding], kubeletError: String?, isUsedByKubelet: Bool, origin: DocumentOrigin?
    ) {
        self.namespace = namespace
        self.name = name
        self.type = type
        self.dataKeys = dataKeys
        self.entries = entries
        self.findings = findings
        self.kubeletError = kubeletError
        self.isUsedByKubelet = isUsedByKubelet
        self.origin = origin
    }

    /// What kubelet adds to its keyring: ``entries`` when it uses the secret and can decode it, else none.
    public var keyringEntries: [PullSecretEntry] {
        isUsedByKubelet && kubeletError == nil && !isRejectedByAPIServer ? entries : []
    }

    /// §10: the API server refuses this Secret, so it never exists in the cluster.
    public var isRejectedByAPIServer: Bool { findings.contains { $0.effect == .apiServerRejects } }

    /// §10: the findings for which the API server refuses this Secret (`kubectl apply` fails); empty when it
    /// accepts it. The rules are `ValidateSecret`'s:
    /// https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
    public var refusals: [SecretFinding] { findings.filter { $0.effect == .apiServerRejects } }

    /// R4.3 / R5.1 / R5.2: stored, but kubelet gets no usable entry from it.
    public var isIgnoredByKubelet: Bool { findings.contains { $0.effect == .kubeletIgnoresSecret } }

    /// R5.5: a pod that references this secret fails every pull.
    public var breaksEveryPull: Bool { kubeletError != nil && isUsedByKubelet && !isRejectedByAPIServer }

    /// The most severe finding's severity; nil when there is none.
    public var worstSeverity: SecretFinding.Severity? { findings.map(\.severity).max() }

    /// `namespace/name`.
    public var qualifiedName: String { "\(namespace)/\(name)" }

    public var description: String {
        "PullSecret(\(qualifiedName), type: \(String(reflecting: type)), entries: [\(entries.map(\.description).joined(separator: ", "))], "
            + "findings: \(findings.count))"
    }
}
