/// Manifest media types, and the one `Accept` header every manifest request sends.
///
/// Order matters: a registry returns the digest of the representation it chose. Without the index types
/// Docker Hub and distribution answer a multi-arch tag with one child (another digest); without the OCI types
/// distribution answers 404 for OCI content; schema1 comes last, for registries that hold nothing else.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
public enum MediaType {
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"
    public static let dockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json"

    /// In this order, in one header.
    public static let manifestAccept: [String] = [
        ociIndex, ociManifest, dockerManifestList, dockerManifest, dockerSchema1Signed, dockerSchema1,
    ]

    public static var acceptHeader: String { manifestAccept.joined(separator: ", ") }

    /// The media type without parameters (`; charset=utf-8`), lowercased.
    public static func essence(_ contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        return base.trimmingSpaces.lowercased()
    }

    public static func isManifest(_ type: String) -> Bool {
        manifestAccept.contains(essence(type))
    }

    public static func isIndex(_ type: String) -> Bool {
        let e = essence(type)
        return e == ociIndex || e == dockerManifestList
    }

    public static func isSchema1(_ type: String) -> Bool {
        let e = essence(type)
        return e == dockerSchema1 || e == dockerSchema1Signed
    }

    /// What a media type is, in words: "OCI image index", "Docker image manifest v2"; any other type as it is.
    public static func kindName(_ type: String) -> String {
        switch essence(type) {
        case ociIndex: "OCI image index"
        case ociManifest: "OCI image manifest"
        case dockerManifestList: "Docker manifest list"
        case dockerManifest: "Docker image manifest v2"
        case dockerSchema1, dockerSchema1Signed: "Docker schema1 manifest"
        default: type
        }
    }
}
