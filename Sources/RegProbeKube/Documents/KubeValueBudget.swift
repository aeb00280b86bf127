/// How much one run may build from its manifests: ``KubeValue``s, and bytes of scalar text, counted as they are
/// built, over every input of the run (all files, directories and standard input of `scan`, its `--secret`
/// files, `secret`, `check --secret`).
///
/// YAML aliases make a small input expand into a huge value ("billion laughs"): `a1: &a1 [*a0, *a0, ...]` nine
/// levels deep is a few hundred bytes and 10^9 values. Each use of an alias is charged again, as the value it
/// stands for is built again, so an expansion stops while it happens, not after a huge value exists, and
/// spreading it over many documents or files gains nothing (a per-document cap let a 54 KB stream of 50 such
/// documents take 2 GB). go-yaml v2, which kubectl uses, bounds aliasing per document instead
/// ([decode.go, `allowedAliasRatio`](https://github.com/go-yaml/yaml/blob/v2.4.0/decode.go)); regprobe
/// keeps every document of a run in memory at once, so its bound is on the run.
///
/// The budget knows nothing about the parser: whatever builds ``KubeValue``s (`YAMLEventReader` over libyaml's
/// events, and the JSON reader) charges each value as it builds it, and charges an alias with the size of what it
/// stands for, even though it shares the anchor's storage.
///
/// The default limits are far above real manifest sets: 2,000 small Deployments (1 MB of YAML) are 132,000 values
/// and 0.6 MB of text; a pod as `kubectl get -o yaml` prints it (managed fields, status) about 400 values, so
/// some 10,000 of those fit in one run. At the value limit a run's documents take about 250 MiB (measured: a
/// stream of alias bombs stopped at the limit peaked at 256 MiB of RSS in a debug build).
public struct KubeValueBudget: Sendable, Hashable {
    /// Values (every scalar, list, mapping and mapping key) one run may build by default.
    public static let defaultMaximumValues = 4_000_000
    /// Bytes of scalar text (strings, keys, numbers as written) one run may build by default: 256 MiB.
    public static let defaultMaximumBytes = 256 << 20

    public let maximumValues: Int
    public let maximumBytes: Int
    /// Values built so far; never above ``maximumValues``.
    public private(set) var values = 0
    /// Bytes of scalar text built so far; never above ``maximumBytes``.
    public private(set) var bytes = 0
    /// Set by the first charge that did not fit; every later charge fails with it too, so a run stops at the
    /// first document that overspent, whatever comes after it.
    public private(set) var exceeded: KubeValueBudgetExceeded?

    public init(maximumValues: Int = defaultMaximumValues, maximumBytes: Int = defaultMaximumBytes) {
        self.maximumValues = max(0, maximumValues)
        self.maximumBytes = max(0, maximumBytes)
    }

    /// Charges `values` values holding `bytes` bytes of scalar text (one scalar: `values: 1` and its text's
    /// UTF-8 length; an alias shared rather than rebuilt: the anchored value's counts). Nothing is charged when
    /// either limit would be passed: the failure says which.
    public mutating func charge(values: Int = 1, bytes: Int = 0) throws(KubeValueBudgetExceeded) {
        if let exceeded { throw exceeded }
        if values > maximumValues - self.values {
            exceeded = KubeValueBudgetExceeded(limit: .values, maximum: maximumValues)
        } else if bytes > maximumBytes - self.bytes {
            exceeded = KubeValueBudgetExceeded(limit: .bytes, maximum: maximumBytes)
        }
        if let exceeded { throw exceeded }
        self.values += values
        self.bytes += bytes
    }
}
