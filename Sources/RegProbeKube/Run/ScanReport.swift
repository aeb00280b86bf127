import RegProbe

/// What `regprobe scan` found: every container's prediction, and the documents that could not be read.
public struct ScanReport: Sendable {
    public let containers: [ContainerResult]
    public let problems: [DocumentProblem]
    /// Findings about the Secrets the pods reference (they decide predictions; listed once each).
    public let secretFindings: [SecretFinding]
    /// The findings for which the API server refuses a Secret of the inputs or `--secret` files (§10), whether a
    /// pod references it or not: `kubectl apply` of it fails and it never exists.
    public let refusedSecrets: [SecretFinding]

    public init(
        containers: [ContainerResult], problems: [DocumentProblem], secretFindings: [SecretFinding],
        refusedSecrets: [SecretFinding] = []
    ) {
        self.containers = containers
        self.problems = problems
        self.secretFindings = secretFindings
        self.refusedSecrets = refusedSecrets
    }

    /// As the core check, over all containers; an unreadable document or a Secret the API server refuses counts
    /// as invalid input (4), since the apply fails.
    public var exitCode: Int32 {
        var statuses = containers.map(\.status)
        if !problems.isEmpty || !refusedSecrets.isEmpty { statuses.append(.invalidReference) }
        return RunExitCode.forRun(statuses)
    }
}
