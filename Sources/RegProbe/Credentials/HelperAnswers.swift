/// The answers of a run's credential helpers: each (helper, server) is asked at most once per resolver (one run),
/// even when several lookups ask for it at the same time: a query already asked is awaited, not asked again.
actor HelperAnswers {
    private var answers: [HelperQuery: Task<HelperBatch.Answer, Never>] = [:]

    /// The answers to `queries`; those not asked yet are asked together, in one `HelperBatch` under `deadline`.
    func answers(
        for queries: Set<HelperQuery>, deadline: ContinuousClock.Instant,
        limit: Duration
    ) async -> [HelperQuery: HelperBatch.Answer] {
        let new = queries.filter { answers[$0] == nil }.sorted { ($0.helper, $0.server) < ($1.helper, $1.server) }
        if !new.isEmpty {
            let batch = Task { await HelperBatch.run(new, deadline: deadline, limit: limit) }
            for (position, query) in new.enumerated() {
                answers[query] = Task { await batch.value[position] }
            }
        }
        var result: [HelperQuery: HelperBatch.Answer] = [:]
        for query in queries {
            if let task = answers[query] { result[query] = await task.value }
        }
        return result
    }
}
