#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the media type a manifest body declares, for registries that send a wrong or missing Content-Type.
/// OCI: the `mediaType` field (https://github.com/opencontainers/image-spec/blob/main/manifest.md);
/// schema1 has `schemaVersion: 1` and no `mediaType`.
enum ManifestSniffer {
    private struct Head: Decodable {
        let schemaVersion: Int?
        let mediaType: String?
        let manifests: [Descriptor]?
        let layers: [Descriptor]?
        let fsLayers: [Descriptor]?
        struct Descriptor: Decodable {}
    }

    static func mediaType(of body: [UInt8]) -> String? {
        guard let head = try? JSONDecoder().decode(Head.self, from: Data(body)), let version = head.schemaVersion else {
            return nil
        }
        if let declared = head.mediaType, MediaType.isManifest(declared) { return MediaType.essence(declared) }
        if version == 1, head.fsLayers != nil { return MediaType.dockerSchema1Signed }
        if version == 2, head.manifests != nil { return MediaType.ociIndex }
        if version == 2, head.layers != nil { return MediaType.ociManifest }
        return nil
    }
}
