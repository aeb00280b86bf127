/// The result of ``KubeletKeyring/lookupDetailed(repoToPull:)``: the candidates and how they were found.
public struct KeyringLookup: Sendable, Hashable {
    /// In kubelet's order (R6.4).
    public let candidates: [KeyringCandidate]
    /// The keys that matched, in index order (descending); empty when nothing matched.
    public let matchedKeys: [String]
    /// R6.3: nothing matched, the image counts as Docker Hub (`isDefaultRegistryMatch`), and the candidates are
    /// those stored under `index.docker.io`.
    public let usedDockerHubFallback: Bool
    /// R6.4 (iii): keys where one secret gave several candidates; kubelet tries those in Go map order, which is
    /// random, so their relative order here (document order) is not kubelet's.
    public let unorderedKeys: [String]

    public init(
        candidates: [KeyringCandidate], matchedKeys: [String], usedDockerHubFallback: Bool,
        unorderedKeys: [String]
    ) {
        self.candidates = candidates
        self.matchedKeys = matchedKeys
        self.usedDockerHubFallback = usedDockerHubFallback
        self.unorderedKeys = unorderedKeys
    }
}
