#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a pull reads of a manifest body: an index's children, or an image manifest's config and layers.
/// https://github.com/opencontainers/image-spec/blob/main/image-index.md,
/// https://github.com/opencontainers/image-spec/blob/main/manifest.md,
/// https://github.com/opencontainers/image-spec/blob/main/descriptor.md
enum PullManifest {
    /// One descriptor: what a pull fetches next, and what it must be.
    struct Descriptor: Decodable, Sendable, Hashable {
        struct PlatformField: Decodable, Sendable, Hashable {
            let os: String?
            let architecture: String?
            let variant: String?
        }
        let mediaType: String?
        let digest: String?
        let size: Int?
        let urls: [String]?
        let platform: PlatformField?
        let annotations: [String: String]?

        /// The child's platform, nil for `unknown/unknown` or none (attestations, artifacts).
        var realPlatform: Platform? {
            guard let p = platform, let os = p.os, let arch = p.architecture, os != "unknown", arch != "unknown"
            else { return nil }
            return Platform(os: os, architecture: arch, variant: p.variant)
        }

        /// Docker's build attestations: `vnd.docker.reference.type: attestation-manifest`, skipped by containerd.
        var isAttestation: Bool { annotations?["vnd.docker.reference.type"] == "attestation-manifest" }
    }

    case index(children: [Descriptor])
    case image(config: Descriptor, layers: [Descriptor], artifactType: String?)

    private struct Body: Decodable {
        let mediaType: String?
        let artifactType: String?
        let manifests: [Descriptor]?
        let config: Descriptor?
        let layers: [Descriptor]?
    }

    /// nil when the body is not the shape its media type says.
    static func parse(_ body: [UInt8], mediaType: String) -> PullManifest? {
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)) else { return nil }
        if MediaType.isIndex(mediaType) {
            return decoded.manifests.map { .index(children: $0) }
        }
        guard let config = decoded.config, config.digest != nil else { return nil }
        return .image(config: config, layers: decoded.layers ?? [], artifactType: decoded.artifactType)
    }
}
