/// Everything read from some inputs: the documents in order (a `List`'s items in place of the `List`) and the
/// problems.
public struct KubeDocumentSet: Sendable, Hashable {
    public var documents: [KubeDocument]
    public var problems: [DocumentProblem]

    public init(documents: [KubeDocument] = [], problems: [DocumentProblem] = []) {
        self.documents = documents
        self.problems = problems
    }

    public mutating func append(contentsOf other: KubeDocumentSet) {
        documents += other.documents
        problems += other.problems
    }
}
