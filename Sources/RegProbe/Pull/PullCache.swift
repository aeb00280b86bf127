/// What a run learned about manifests and blobs, by (registry, repository, digest): each is asked once per run,
/// however many images share it, and a check that needs one already asked waits for that answer.
struct PullCache: Sendable {
    let manifests = SharedAnswers<FetchedManifest>()
    let blobs = SharedAnswers<Void>()
}

/// One answer per key for a run: the first asker's task, awaited by every later one.
actor SharedAnswers<Value: Sendable> {
    private var tasks: [String: Task<Result<Value, PullFailure>, Never>] = [:]

    func answer(_ key: String, _ ask: @escaping @Sendable () async -> Result<Value, PullFailure>)
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
