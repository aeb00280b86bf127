/// A container's `imagePullPolicy` (R3).
public enum PullPolicy: String, Sendable, Hashable, CaseIterable {
    case always = "Always"
    case ifNotPresent = "IfNotPresent"
    case never = "Never"

    /// R3.1 `SetDefaults_Container`, for an empty `imagePullPolicy`: tag `latest` → `Always`, otherwise
    /// `IfNotPresent`, with the tag from `ParseImageName`:
    /// - no tag and no digest counts as `latest` → `Always`;
    /// - `img:latest@sha256:…` keeps its tag `latest` → `Always`;
    /// - digest only → `IfNotPresent`;
    /// - an image that does not parse → `IfNotPresent` (the parse error is ignored there).
    public static func defaulted(for image: String) -> PullPolicy {
        // R3.1: an unparseable image defaults to IfNotPresent (the parse error is ignored).
        guard case .success(let name) = KubeletImageName.parse(image) else { return .ifNotPresent }
        // R3.1: the tag decides: no tag and no digest is "latest"; img:latest@sha256 keeps "latest"; digest-only
        // has no tag.
        return name.defaultedTag == "latest" ? .always : .ifNotPresent
    }

    /// The policy the API server stores: an explicit supported value as written, an empty or absent one defaulted
    /// (R3.1). nil for an unsupported value (`always`, `Sometimes`): the API server refuses the object
    /// ("Unsupported value").
    public static func effective(explicit: String?, image: String) -> PullPolicy? {
        // R3.1: only an empty imagePullPolicy is defaulted; an explicit value is kept.
        guard let explicit, !explicit.isEmpty else { return defaulted(for: image) }
        return PullPolicy(rawValue: explicit)
    }
}
