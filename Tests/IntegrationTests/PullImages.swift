import Foundation

/// The lab's pull cases as the lab described them: `LAB_PULL_SEED` (pushed to registry-open by `seed.py pullcases`,
/// then broken with the registry's DELETE) and `LAB_PULL_FIXTURE` (served by `fixture.py`), keyed `repository:tag`.
struct PullImages: Sendable {
    let entries: [String: Entry]

    struct Entry: Decodable, Sendable {
        /// The digest of the manifest bytes.
        let digest: String
        let mediaType: String
        let size: Int
        /// An image manifest's config and layers.
        var config: Descriptor? = nil
        var layers: [Descriptor]? = nil
        /// pull/digest-mismatch: the digest the server claims for those bytes.
        var claimedDigest: String? = nil
        /// What `seed.py pullcases` deleted.
        var deleted: Deleted? = nil
        /// pull/long-length, pull/short-length: the layer blob's Content-Length against its real size.
        var wrongLength: WrongLength? = nil
        /// pull/storage-*: where the blobs are redirected (`127.0.0.1:port`).
        var storage: String? = nil

        struct Descriptor: Decodable, Sendable {
            let mediaType: String
            let digest: String
            let size: Int
        }

        struct Deleted: Decodable, Sendable {
            let what: String
            let digest: String
        }

        struct WrongLength: Decodable, Sendable {
            let digest: String
            let announced: Int
            let actual: Int
        }
    }

    static let shared: PullImages? = {
        guard let lab = Lab.shared else { return nil }
        var entries: [String: Entry] = [:]
        for key in ["LAB_PULL_SEED", "LAB_PULL_FIXTURE"] {
            guard let path = lab.values[key], let data = FileManager.default.contents(atPath: path),
                let part = try? JSONDecoder().decode([String: Entry].self, from: data)
            else { return nil }
            entries.merge(part) { first, _ in first }
        }
        return PullImages(entries: entries)
    }()

    /// The entry of `key`, or a placeholder whose digest names what is missing (the test then fails on it).
    subscript(_ key: String) -> Entry {
        entries[key] ?? Entry(digest: "missing-pull-image-\(key)", mediaType: "", size: 0)
    }
}
