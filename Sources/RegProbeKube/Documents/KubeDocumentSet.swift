/// Everything read from some inputs: the documents in order (a `List`'s items in place of the `List`) and the
/// problems.
public struct KubeDocumentSet: Sendable, Hashable {
    public var documents: [KubeDocument]
    public var problems: [DocumentProblem]
    /// The problem that stopped the reading: the run's ``KubeValueBudget`` was spent there. It is also the last
    /// of ``problems``; nothing after it (documents, files) was read, so the run must not go on as if it had.
    public var stopped: DocumentProblem?

    public init(documents: [KubeDocument] = [], problems: [DocumentProblem] = [], stopped: DocumentProblem? = nil) {
        self.documents = documents
        self.problems = problems
        self.stopped = stopped
    }

    public mutating func append(contentsOf other: KubeDocumentSet) {
        documents += other.documents
        problems += other.problems
        stopped = stopped ?? other.stopped
    }
}
