import RegProbe

/// What to do for one container before any network request (the pure half of the prediction), and how to
/// finish the prediction once the network checks are done. Rules cited (`R…`, `§…`):
/// `docs/kubelet-credentials.md`.
public struct PullPlan: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Nothing to check: the prediction is already known (invalid name, `Never`, keyring error, ...).
        case noCheck(Prediction)
        /// Check `image` with each candidate in order, stopping at the first success; with no candidate, check
        /// it anonymously once (R7.1: no anonymous retry when there is at least one candidate).
        case check(image: ImageReference, candidates: [KeyringCandidate])
    }

    public let container: ContainerSpec
    /// kubelet's reading of the image; nil when it does not parse (or the container has no image).
    public let imageName: KubeletImageName?
    public let action: Action
    public let notes: [PredictionNote]
    /// The pod's credential warnings (missing secrets, ignored secrets, unseen ServiceAccount).
    public let warnings: [PodCredentialWarning]

    public init(
        container: ContainerSpec, imageName: KubeletImageName?, action: Action, notes: [PredictionNote],
        warnings: [PodCredentialWarning]
    ) {
        self.container = container
        self.imageName = imageName
        self.action = action
        self.notes = notes
        self.warnings = warnings
    }

    /// Decides, in kubelet's order (`EnsureImageExists`): API server validation (R2.5, R3.1), image name (R2,
    /// `InvalidImageName`), pull policy `Never` (R3.2), the pod's keyring (R5.5), then the candidates (R6.3).
    /// `IfNotPresent` is treated as a pull (R3.3: regprobe assumes the image is not on the node yet).
    public static func make(container: ContainerSpec, credentials: PodCredentials) -> PullPlan {
        let image = container.image
        func plan(_ prediction: Prediction, _ name: KubeletImageName? = nil, notes: [PredictionNote] = [])
            -> PullPlan
        {
            PullPlan(
                container: container, imageName: name, action: .noCheck(prediction), notes: notes,
                warnings: credentials.warnings)
        }
        let consequence =
            container.isPod
            ? "the API server refuses the Pod"
            : "the API server accepts the \(container.workloadKind) but refuses the pods created from it (FailedCreate)"

        // R2.5: the only image validation the API server does.
        if image.isEmpty {
            return plan(.rejectedByAPIServer(reason: "image is empty (Required value); \(consequence)"))
        }
        if let first = image.unicodeScalars.first, let last = image.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            return plan(
                .rejectedByAPIServer(
                    reason:
                        "image \(String(reflecting: image)) must not have leading or trailing whitespace; \(consequence)"
                ))
        }
        // R3.1: an explicit value must be one of the three.
        guard let policy = container.pullPolicy else {
            return plan(
                .rejectedByAPIServer(
                    reason:
                        "imagePullPolicy \(String(reflecting: container.explicitPullPolicy ?? "")) is not supported "
                        + "(Always, IfNotPresent, Never); the API server refuses the \(container.workloadKind)"))
        }

        // R2: applyDefaultImageTag / ParseNormalizedNamed; a failure is InvalidImageName, whatever the policy.
        let name: KubeletImageName
        switch KubeletImageName.parse(image) {
        case .success(let parsed): name = parsed
        case .failure(let error):
            return plan(
                .invalidImageName(
                    reason: "Failed to apply default image tag \(String(reflecting: image)): couldn't parse image name "
                        + "\(String(reflecting: image)): \(error.reason)"))
        }
        var notes: [PredictionNote] = []
        if name.digest == nil, name.defaultedTag == "latest" { notes.append(.unpinnedTag("latest")) }
        if let tag = name.tag, name.digest != nil { notes.append(.digestWinsOverTag(tag: tag)) }

        // R3.2: Never uses no credential; the image must be on the node.
        if policy == .never {
            return plan(
                .errImageNeverPull(
                    reason: "pull policy Never: unless the image is already on the node, kubelet reports "
                        + "ErrImageNeverPull (Container image \(String(reflecting: image)) is not present with pull "
                        + "policy of Never); no credential is used"), name, notes: notes)
        }
        // R5.5: a secret kubelet cannot decode fails every pull of the pod.
        if let error = credentials.keyringError {
            return plan(.keyringError(message: error), name, notes: notes)
        }
        guard let reference = name.reference else {
            return plan(
                .unverifiable(
                    reason:
                        "kubelet reads \(String(reflecting: name.domain)) as a registry host (a first component with "
                        + "an uppercase letter is a domain, R2.1); regprobe cannot check a host written like that"),
                name, notes: notes)
        }

        // R6.3 / R6.4: the candidates, in kubelet's order.
        let lookup = credentials.keyring.lookupDetailed(repoToPull: name.repoToPull)
        if lookup.candidates.isEmpty { notes.append(.nodeCredentialsUnseen) }
        if lookup.usedDockerHubFallback {
            notes.append(.dockerHubFallback)
            if name.domain != "docker.io" { notes.append(.hubCredentialsToOtherRegistry(registry: name.domain)) }
        }
        if !lookup.unorderedKeys.isEmpty { notes.append(.unorderedCandidates(keys: lookup.unorderedKeys)) }
        for candidate in lookup.candidates where candidate.isEmptyCredential {
            let note = PredictionNote.emptyCredentialCandidate(
                secret: "\(candidate.secretNamespace)/\(candidate.secretName)", key: candidate.key)
            if !notes.contains(note) { notes.append(note) }
        }
        if name.domain != reference.registry.name {
            notes.append(.registryAlias(kubeletRegistry: name.domain, checkedRegistry: reference.registry.name))
        }
        if name.domain == "docker.io" { notes.append(.runtimeMirrorsUnseen) }
        if name.hostOutsideDomainGrammar { notes.append(.hostOutsideDomainGrammar(host: name.domain)) }
        return PullPlan(
            container: container, imageName: name,
            action: .check(image: reference, candidates: lookup.candidates), notes: notes,
            warnings: credentials.warnings)
    }

    /// The prediction for ``Action/noCheck(_:)``; nil for ``Action/check(image:candidates:)``.
    public var knownPrediction: Prediction? {
        if case .noCheck(let prediction) = action { return prediction }
        return nil
    }

    /// R7.1 / R7.3: finishes a ``Action/check(image:candidates:)`` plan from the attempts made, in order (the
    /// caller stops at the first success). The first success is the credential kubelet would use; if every
    /// attempt failed, `ErrImagePull` with the first attempt's status and every attempt's reason.
    public func prediction(after attempts: [PullAttempt]) -> Prediction {
        if let prediction = knownPrediction { return prediction }
        return Self.outcome(of: attempts)
    }

    /// R7.1: first success wins; no anonymous retry after failed candidates.
    public static func outcome(of attempts: [PullAttempt]) -> Prediction {
        guard let first = attempts.first else {
            return .unverifiable(reason: "no check was made")
        }
        if let success = attempts.first(where: { $0.status.isSuccess }) {
            return .pulls(credential: success.candidate)
        }
        if attempts.count == 1 {
            if let candidate = first.candidate {
                return .errImagePull(
                    status: first.status,
                    reason: "with \(candidate.source): \(first.message) (kubelet does not retry anonymously, R7.1)")
            }
            return .errImagePull(
                status: first.status,
                reason: "anonymously: \(first.message) (node or plugin credentials regprobe cannot see may still "
                    + "apply, R6.5)")
        }
        let each = attempts.enumerated().map { n, attempt in
            "(\(n + 1)) \(attempt.candidate.map { "\($0.source)" } ?? "anonymous"): \(attempt.status.rawValue): "
                + attempt.message
        }
        return .errImagePull(
            status: first.status,
            reason: "all \(attempts.count) credentials kubelet would try fail: " + each.joined(separator: "; ")
                + " (no anonymous retry, R7.1)")
    }
}
