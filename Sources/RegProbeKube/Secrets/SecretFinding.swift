/// One problem (or noteworthy fact) about a pull secret, with what kubelet or the API server will do about it.
///
/// Messages name a credential by secret, registry key and username only; they never contain a password, a token,
/// an `auth` value or any other secret byte (JSON syntax errors give a line and column, base64 errors an offset).
public struct SecretFinding: Sendable, Hashable, CustomStringConvertible {
    /// Stable identifiers, for scripts and JSON output.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The Secret has no `metadata.name` (§10: the API server rejects it).
        case missingName = "missing-name"
        /// `type` is neither `kubernetes.io/dockerconfigjson` nor `kubernetes.io/dockercfg` (R4.3: ignored).
        case wrongType = "wrong-type"
        /// The key the type requires (`.dockerconfigjson` / `.dockercfg`) is absent (§10: rejected).
        case missingKey = "missing-key"
        /// `data` or `stringData` is not a mapping of strings (the API server cannot decode it).
        case badSecretData = "bad-secret-data"
        /// A `data` value is not valid (padded, standard) base64 (the API server cannot decode it).
        case badDataBase64 = "bad-data-base64"
        /// `stringData` replaces a `data` key of the same name (R4.4). Informational.
        case stringDataOverridesData = "stringdata-overrides-data"
        /// The payload is not JSON, or not a JSON object (§10: rejected).
        case notJSONObject = "not-json-object"
        /// The payload holds a number a float64 cannot hold (`1e400`, a 400-digit integer): the API server's
        /// `json.Unmarshal` into `map[string]interface{}` fails on it (§10: rejected).
        case numberOutOfRange = "number-out-of-range"
        /// The payload gives kubelet zero entries: no `auths`, `auths: null`, `{}`, `null` (R5.1: ignored).
        case noAuths = "no-auths"
        /// A `.dockerconfigjson` payload in the legacy flat shape (`{"reg.io": {...}}`): no `auths`, so nothing
        /// (R5.1: ignored).
        case flatInDockerConfigJSON = "flat-in-dockerconfigjson"
        /// A `.dockercfg` payload in the config.json shape: one entry keyed `auths` that never matches (R5.2).
        case authsInDockercfg = "auths-in-dockercfg"
        /// `auth` is not base64 (R5.4, R5.5: breaks every pull in the pod).
        case badAuthBase64 = "bad-auth-base64"
        /// `auth` decodes to text without `:` (R5.4, R5.5: breaks every pull in the pod).
        case authNoColon = "auth-no-colon"
        /// A field has the wrong JSON type: `auths` or an entry not an object, `username`/`password`/`email`/
        /// `auth` not a string, `HttpHeaders` not a string map (R5.5: breaks every pull in the pod).
        case badFieldType = "bad-field-type"
        /// `identitytoken` is present; kubelet drops it (R5.3).
        case identityTokenDropped = "identitytoken-dropped"
        /// `registrytoken` is present; kubelet drops it (R5.3).
        case registryTokenDropped = "registrytoken-dropped"
        /// The key does not parse as a URL; kubelet skips this entry (R6.1 step 2).
        case invalidKey = "invalid-key"
        /// The username is empty; kubelet accepts it (docker would not) (R5.4).
        case emptyUsername = "empty-username"
        /// No username, password or `auth`: kubelet tries the entry as an anonymous pull (R7.1).
        case noCredentials = "no-credentials"
        /// `auth` and different `username`/`password` fields: `auth` wins (R5.4). Informational.
        case authOverridesFields = "auth-overrides-fields"
        /// The same key twice in one JSON object: the last one wins (R5.3). Informational.
        case duplicateKey = "duplicate-key"
        /// A Docker Hub–looking key that kubelet never matches to a Docker Hub image (§11: `registry-1.docker.io`,
        /// `index.docker.io/<path>`).
        case hubKeyNeverMatches = "hub-key-never-matches"
    }

    public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
        case error, warning, info

        private var rank: Int {
            switch self {
            case .error: 2
            case .warning: 1
            case .info: 0
            }
        }

        /// `info < warning < error`.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// What the cluster does about it.
    public enum Effect: String, Sendable, Hashable, CaseIterable {
        /// §10: `kubectl apply` fails; the Secret is never stored.
        case apiServerRejects = "api-server-rejects"
        /// R4.3 / R5.1 / R5.2: stored, but kubelet gets zero usable entries from it, silently.
        case kubeletIgnoresSecret = "kubelet-ignores-secret"
        /// R5.5: stored, but any pod that references it fails every image pull, public images included.
        case breaksEveryPullInPod = "breaks-every-pull-in-pod"
        /// R5.3: kubelet drops this field; the entry is used without it.
        case kubeletDropsField = "kubelet-drops-field"
        /// R6.1 step 2: kubelet skips this entry only.
        case entrySkipped = "entry-skipped"
        /// Nothing breaks; worth knowing.
        case info
    }

    public let code: Code
    public let severity: Severity
    public let effect: Effect
    /// The Secret's namespace and name.
    public let secretNamespace: String
    public let secretName: String
    /// The registry key as written (userinfo hidden), when the finding concerns one entry.
    public let registryKey: String?
    /// What is wrong and why it matters; never a secret value.
    public let message: String

    public init(
        code: Code, effect: Effect, severity: Severity? = nil, secretNamespace: String, secretName: String,
        registryKey: String? = nil, message: String
    ) {
        self.code = code
        self.effect = effect
        self.severity = severity ?? Self.defaultSeverity(for: effect)
        self.secretNamespace = secretNamespace
        self.secretName = secretName
        self.registryKey = registryKey.map(KubeletKeyring.redactedKey)
        self.message = message
    }

    /// Errors for what breaks or is refused, warnings for what is dropped or skipped, info otherwise.
    public static func defaultSeverity(for effect: Effect) -> Severity {
        switch effect {
        case .apiServerRejects, .kubeletIgnoresSecret, .breaksEveryPullInPod: .error
        case .kubeletDropsField, .entrySkipped: .warning
        case .info: .info
        }
    }

    /// `error no-auths secret default/regcred: …` (with `key "…"` when about one entry).
    public var description: String {
        var s = "\(severity.rawValue) \(code.rawValue) secret \(secretNamespace)/\(secretName)"
        if let registryKey { s += " key \(String(reflecting: registryKey))" }
        return s + ": " + message
    }
}
