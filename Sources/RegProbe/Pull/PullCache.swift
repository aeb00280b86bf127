/// What a run learned about manifests and blobs: each (registry, credential, repository, digest) is asked once per
/// run, however many images share it, and a check that needs one already asked waits for that answer. The credential
/// is part of the key: what one account may read says nothing of another's.
struct PullCache: Sendable {
    struct Key: Hashable, Sendable {
        let registry: RegistryHost
        let credential: Credential?
        let repository: String
        let digest: String
    }

    let manifests = SharedAnswers<Key, FetchedManifest>()
    let blobs = SharedAnswers<Key, Void>()
}

/// One answer per key for a run: the first asker's task, awaited by every later one.
actor SharedAnswers<Key: Hashable & Sendable, Value: Sendable> {
    private var tasks: [Key: Task<Result<Value, PullFailure>, Never>] = [:]

    func answer(_ key: Key, _ ask: @escaping @Sendable () async -> Result<Value, PullFailure>)
        async -> Result<Value, PullFailure>
    {
        if let task = tasks[key] { return await task.value }
        let task = Task { await ask() }
        tasks[key] = task
        return await task.value
    }
}

/// A manifest read by digest and verified.
struct FetchedManifest: Sendable {
    let mediaType: String
    let body: [UInt8]
}
