/// One answer per key for a run: the first asker's task, awaited by every later one. The run's checks share their
/// identical (image, credential) attempts through it, and `--deep` its manifests and blobs (`PullCache`).
actor SharedAnswers<Key: Hashable & Sendable, Value: Sendable> {
    private var tasks: [Key: Task<Value, Never>] = [:]

    func answer(_ key: Key, _ ask: @escaping @Sendable () async -> Value) async -> Value {
        if let task = tasks[key] { return await task.value }
        let task = Task { await ask() }
        tasks[key] = task
        return await task.value
    }
}
