/// What a run learned about manifests and blobs, by (registry, repository, digest): each is asked once per run,
/// however many images share it, and a check that needs one already asked waits for that answer.
actor PullCache {
    private var manifests: [String: Task<Result<FetchedManifest, PullFailure>, Never>] = [:]
    private var blobs: [String: Task<Result<Void, PullFailure>, Never>] = [:]

    func manifest(_ key: String, _ fetch: @escaping @Sendable () async -> Result<FetchedManifest, PullFailure>)
        async -> Result<FetchedManifest, PullFailure>
    {
        if let task = manifests[key] { return await task.value }
        let task = Task { await fetch() }
        manifests[key] = task
        return await task.value
    }

    func blob(_ key: String, _ check: @escaping @Sendable () async -> Result<Void, PullFailure>)
        async -> Result<Void, PullFailure>
    {
        if let task = blobs[key] { return await task.value }
        let task = Task { await check() }
        blobs[key] = task
        return await task.value
    }
}

/// A manifest read by digest and verified.
struct FetchedManifest: Sendable {
    let mediaType: String
    let body: [UInt8]
}
