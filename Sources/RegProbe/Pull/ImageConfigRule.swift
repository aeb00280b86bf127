/// containerd unpacks only images: a manifest whose config is an image config. Anything else (a Helm chart, a
/// signature, an SBOM, any OCI artifact with an `artifactType` or the empty `{}` config) fails its pull with
/// "mismatched image rootfs and manifest layers" or an unknown-config error.
/// https://github.com/opencontainers/image-spec/blob/main/manifest.md#guidelines-for-artifact-usage
enum ImageConfigRule {
    static let imageConfigTypes: Set<String> = [
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.docker.container.image.v1+json",
    ]

    /// nil when the manifest describes an image; else why it is not one.
    static func notAnImage(config: PullManifest.Descriptor, artifactType: String?) -> String? {
        let configType = config.mediaType.map(MediaType.essence) ?? "(none)"
        if let artifactType, !artifactType.isEmpty {
            return "an OCI artifact of type \(artifactType) (config \(configType)), not an image"
        }
        guard imageConfigTypes.contains(configType) else {
            return "an artifact whose config is \(configType), not an image config"
        }
        return nil
    }
}
