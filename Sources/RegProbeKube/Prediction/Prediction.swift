import RegProbe

/// What kubelet is predicted to do with one container's image (§8), for the CLI to render.
public enum Prediction: Sendable, Hashable, CustomStringConvertible {
    /// The image pulls: with this credential (the first that works, R7.1), or anonymously (nil).
    case pulls(credential: KeyringCandidate?)
    /// `ErrImagePull` (then `ImagePullBackOff`): regprobe's status word for the failure and why.
    case errImagePull(status: Status, reason: String)
    /// `InvalidImageName`: kubelet cannot parse the image (R2.2); nothing is pulled.
    case invalidImageName(reason: String)
    /// `ErrImageNeverPull` risk: policy `Never`, so the image must already be on the node; no credential is used
    /// and nothing is checked (R3.2).
    case errImageNeverPull(reason: String)
    /// R5.5: a referenced secret kubelet cannot decode fails every pull of the pod, public images included; the
    /// container's `waiting.reason` is this raw error text (kubelet ≥ 1.33).
    case keyringError(message: String)
    /// The API server refuses the object (or, for a template, the pods created from it): empty image, leading or
    /// trailing white space (R2.5), unsupported `imagePullPolicy`.
    case rejectedByAPIServer(reason: String)
    /// kubelet accepts the name but regprobe cannot check it (e.g. an uppercase single-label registry host, R2.1).
    case unverifiable(reason: String)

    /// A stable word for JSON and scripts: `pulls`, `ErrImagePull`, `InvalidImageName`, `ErrImageNeverPull`,
    /// `KeyringError`, `Rejected`, `Unverifiable`.
    public var code: String {
        switch self {
        case .pulls: "pulls"
        case .errImagePull: "ErrImagePull"
        case .invalidImageName: "InvalidImageName"
        case .errImageNeverPull: "ErrImageNeverPull"
        case .keyringError: "KeyringError"
        case .rejectedByAPIServer: "Rejected"
        case .unverifiable: "Unverifiable"
        }
    }

    /// Whether the pod is predicted not to start because of this image. `ErrImageNeverPull` is a risk (it depends
    /// on the node), `Unverifiable` unknown: neither counts.
    public var isFailure: Bool {
        switch self {
        case .errImagePull, .invalidImageName, .keyringError, .rejectedByAPIServer: true
        case .pulls, .errImageNeverPull, .unverifiable: false
        }
    }

    /// The container's `waiting.reason` kubelet would report; nil when none.
    public var kubeletReason: String? {
        switch self {
        case .pulls, .unverifiable, .rejectedByAPIServer: nil
        case .errImagePull: "ErrImagePull"
        case .invalidImageName: "InvalidImageName"
        case .errImageNeverPull: "ErrImageNeverPull"
        case .keyringError(let message): message
        }
    }

    /// One line: what happens and why (never a secret).
    public var message: String {
        switch self {
        case .pulls(let credential?): "pulls with \(credential.source)"
        case .pulls(nil): "pulls anonymously"
        case .errImagePull(let status, let reason): "\(status.rawValue): \(reason)"
        case .invalidImageName(let reason), .errImageNeverPull(let reason), .rejectedByAPIServer(let reason),
            .unverifiable(let reason):
            reason
        case .keyringError(let message): message
        }
    }

    public var description: String { "\(code): \(message)" }
}
