import RegProbe

/// What `regprobe secret` found: each Secret's findings, whether each registry entry's credentials work, and,
/// for each image given, which entry kubelet would pull it with.
public struct SecretReport: Sendable {
    public struct ImageResult: Sendable {
        public let image: String
        public let candidates: [KeyringCandidate]
        public let attempts: [Verdict]
        public let prediction: Prediction
    }

    public let secrets: [PullSecret]
    public let problems: [DocumentProblem]
    public let logins: [LoginVerdict]
    public let images: [ImageResult]

    public var exitCode: Int32 {
        var statuses = logins.map(\.status) + images.map(\.status)
        if !problems.isEmpty || secrets.isEmpty || secrets.contains(where: { $0.worstSeverity == .error }) {
            statuses.append(.invalidReference)
        }
        return RunExitCode.forRun(statuses)
    }
}

extension SecretReport.ImageResult {
    var status: Status {
        switch prediction {
        case .pulls: return .exists
        case .errImagePull(let status, _): return status
        case .invalidImageName, .rejectedByAPIServer: return .invalidReference
        case .keyringError: return .unauthorized
        case .errImageNeverPull, .unverifiable: return .exists
        }
    }
}
