/// What a run learned about manifests and blobs: each (registry, credential, repository, digest) is asked once per
/// run (and per host of a hosts directory), however many images share it, and a check that needs one already asked waits for that answer. The credential
/// is part of the key: what one account may read says nothing of another's.
struct PullCache: Sendable {
    struct Key: Hashable, Sendable {
        let registry: RegistryHost
        let credential: Credential?
        /// With `--hosts-dir`: the host asked.
        let route: HostsRoute?
        let repository: String
        let digest: String
    }

    let manifests = SharedAnswers<Key, Result<FetchedManifest, PullFailure>>()
    let blobs = SharedAnswers<Key, Result<Void, PullFailure>>()
}

/// A manifest read by digest and verified.
struct FetchedManifest: Sendable {
    let mediaType: String
    let body: [UInt8]
}
