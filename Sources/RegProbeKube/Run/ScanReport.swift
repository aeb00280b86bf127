import RegProbe

/// What `regprobe scan` found: every container's prediction, and the documents that could not be read.
public struct ScanReport: Sendable {
    public let containers: [ContainerResult]
    public let problems: [DocumentProblem]
    /// Findings about the Secrets the pods reference (they decide predictions; listed once each).
    public let secretFindings: [SecretFinding]

    /// As the core check, over all containers; an unreadable document counts as invalid input (4).
    public var exitCode: Int32 {
        var statuses = containers.map(\.status)
        if !problems.isEmpty { statuses.append(.invalidReference) }
        return RunExitCode.forRun(statuses)
    }
}
