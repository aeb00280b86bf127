/// One Kubernetes object read from a file or standard input.
public struct KubeDocument: Sendable, Hashable {
    public let origin: DocumentOrigin
    public let value: KubeValue

    public init(origin: DocumentOrigin, value: KubeValue) {
        self.origin = origin
        self.value = value
    }

    /// `kind`, when it is a string.
    public var kind: String? { value["kind"]?.string }
    /// `metadata.name`, when it is a string.
    public var name: String? { value[path: "metadata", "name"]?.string }
    /// `metadata.namespace`, when it is a non-empty string.
    public var namespace: String? {
        guard let ns = value[path: "metadata", "namespace"]?.string, !ns.isEmpty else { return nil }
        return ns
    }
}
