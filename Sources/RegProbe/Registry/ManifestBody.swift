#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The parts of manifest and config bodies the platform check reads.
/// https://github.com/opencontainers/image-spec/blob/main/image-index.md,
/// https://github.com/opencontainers/image-spec/blob/main/config.md
enum ManifestBody {
    struct Index: Decodable {
        struct Entry: Decodable {
            struct PlatformField: Decodable {
                let os: String?
                let architecture: String?
                let variant: String?
            }
            let mediaType: String?
            let digest: String?
            let platform: PlatformField?
            let annotations: [String: String]?
        }
        let manifests: [Entry]?
    }

    struct Manifest: Decodable {
        struct Descriptor: Decodable {
            let digest: String?
            let mediaType: String?
        }
        let config: Descriptor?
    }

    struct Config: Decodable {
        let os: String?
        let architecture: String?
        let variant: String?
    }

    /// The platforms an index lists, without attestation manifests (`unknown/unknown`, or annotated as
    /// `vnd.docker.reference.type: attestation-manifest`).
    static func platforms(ofIndex body: [UInt8]) -> [Platform]? {
        guard let index = try? JSONDecoder().decode(Index.self, from: Data(body)), let entries = index.manifests else {
            return nil
        }
        return entries.compactMap { entry in
            guard entry.annotations?["vnd.docker.reference.type"] != "attestation-manifest",
                let p = entry.platform, let os = p.os, let arch = p.architecture, os != "unknown", arch != "unknown"
            else { return nil }
            return Platform(os: os, architecture: arch, variant: p.variant)
        }
    }

    static func configDigest(ofManifest body: [UInt8]) -> String? {
        (try? JSONDecoder().decode(Manifest.self, from: Data(body)))?.config?.digest
    }

    static func platform(ofConfig body: [UInt8]) -> Platform? {
        guard let config = try? JSONDecoder().decode(Config.self, from: Data(body)),
            let os = config.os, let arch = config.architecture
        else { return nil }
        return Platform(os: os, architecture: arch, variant: config.variant)
    }
}
