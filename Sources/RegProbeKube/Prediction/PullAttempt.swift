import RegProbe

/// The result of checking one candidate (or the anonymous pull) over the network, as the CLI reports it back to
/// ``PullPlan/prediction(after:)``.
public struct PullAttempt: Sendable, Hashable {
    /// The credential tried; nil for the anonymous attempt made when there are no candidates.
    public let candidate: KeyringCandidate?
    public let status: Status
    /// What happened (regprobe's message; never a secret).
    public let message: String

    public init(candidate: KeyringCandidate?, status: Status, message: String) {
        self.candidate = candidate
        self.status = status
        self.message = message
    }
}
