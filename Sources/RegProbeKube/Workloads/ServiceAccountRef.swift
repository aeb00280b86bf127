/// A ServiceAccount found in the inputs, with the `imagePullSecrets` the admission plugin copies into new pods
/// that list none (R4.2).
public struct ServiceAccountRef: Sendable, Hashable {
    public let namespace: String
    public let name: String
    /// The `imagePullSecrets` names in order (empty names kept).
    public let imagePullSecrets: [String]
    public let origin: DocumentOrigin?

    public init(namespace: String, name: String, imagePullSecrets: [String], origin: DocumentOrigin? = nil) {
        self.namespace = namespace
        self.name = name
        self.imagePullSecrets = imagePullSecrets
        self.origin = origin
    }
}
