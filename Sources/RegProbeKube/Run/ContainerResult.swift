import RegProbe

/// One container's predicted pull, with the checks that decided it.
public struct ContainerResult: Sendable {
    public let plan: PullPlan
    public let prediction: Prediction
    /// The network checks made, one per credential tried, in kubelet's order (empty for a `noCheck` plan).
    public let attempts: [Verdict]
    /// What the checks showed beyond the prediction (e.g. the tag now points to another digest than the one pinned).
    public var checkNotes: [String] = []

    public init(plan: PullPlan, prediction: Prediction, attempts: [Verdict], checkNotes: [String] = []) {
        self.plan = plan
        self.prediction = prediction
        self.attempts = attempts
        self.checkNotes = checkNotes
    }

    public var container: ContainerSpec { plan.container }

    /// The verdict the prediction rests on: the successful attempt, else the first (kubelet reports the first
    /// error), or one made from the prediction when nothing was checked.
    public var verdict: Verdict {
        if let success = attempts.first(where: { $0.status == .exists }) { return success }
        if var first = attempts.first {
            first.message = prediction.message
            return first
        }
        return Verdict(
            image: container.image, reference: plan.imageName?.reference, status: status,
            reason: status == .invalidReference ? .invalidReference : .kubernetesRule,
            message: prediction.message)
    }

    /// The status word for exit codes: the check's, or what the prediction amounts to.
    public var status: Status {
        switch prediction {
        case .pulls: return .exists
        case .errImagePull(let status, _): return status
        case .invalidImageName, .rejectedByAPIServer: return .invalidReference
        case .keyringError: return .unauthorized
        case .errImageNeverPull, .unverifiable: return .exists  // a risk or a blind spot, reported, not failed
        }
    }
}
