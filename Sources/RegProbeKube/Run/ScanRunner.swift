import RegProbe

/// `regprobe scan`: predicts, for every container of every workload in the inputs, what kubelet will do when it
/// pulls the image, with the credentials kubelet would use (docs/kubelet-credentials.md §12).
///
/// 1. Walk the documents (Pod, Deployment, ..., any pod template) into containers; collect Secrets and
///    ServiceAccounts (plus `--secret` files).
/// 2. Per container, the pure plan (`PullPlan.make`): API server validation, InvalidImageName, `Never`, the pod's
///    keyring (same namespace only, ServiceAccount secrets only when the pod lists none), kubelet's candidates.
/// 3. Each distinct (image, candidate list) is checked once, concurrently with the others; candidates in order,
///    the first success wins, no anonymous retry once there is a candidate (R7.1).
public enum ScanRunner {
    public static func run(
        documents: KubeDocumentSet, extraSecrets: [PullSecret] = [], defaultNamespace: String = "default",
        checker: Checker
    ) async -> ScanReport {
        let scan = WorkloadWalker.walk(documents.documents, defaultNamespace: defaultNamespace)
        let resolver = PullSecretResolver(secrets: scan.secrets + extraSecrets, serviceAccounts: scan.serviceAccounts)
        let plans = scan.containers.map { PullPlan.make(container: $0, credentials: resolver.credentials(for: $0)) }

        var checks: [OrderedCheck] = []
        var checkIndex: [Int: Int] = [:]
        // image:tag@digest pulls by digest; the tag alone is checked too, to say when it has moved on.
        var tagIndex: [Int: Int] = [:]
        for (index, plan) in plans.enumerated() {
            guard case .check(let image, let candidates) = plan.action else { continue }
            checkIndex[index] = checks.count
            checks.append(OrderedCheck(reference: image, attempts: candidates.map(Self.attempt)))
            if image.tag != nil, image.digest != nil,
                case .success(let tagOnly) = ImageReference.parseAsNormalizedNamed(
                    "\(image.registry.name)/\(image.repository):\(image.tag!)")
            {
                tagIndex[index] = checks.count
                checks.append(OrderedCheck(reference: tagOnly, attempts: candidates.map(Self.attempt)))
            }
        }
        let verdicts = await checker.checkInOrder(checks)

        var results: [ContainerResult] = []
        var referenced: [String: PullSecret] = [:]
        for (index, plan) in plans.enumerated() {
            let attempts = checkIndex[index].map { verdicts[$0] } ?? []
            let pullAttempts = zip(attempts, Self.candidates(of: plan)).map { verdict, candidate in
                PullAttempt(candidate: candidate, status: verdict.status, message: verdict.message)
            }
            var notes: [String] = []
            if let tagCheck = tagIndex[index], let pinned = attempts.last?.reference?.digest,
                let current = verdicts[tagCheck].last, current.status == .exists, let now = current.digest,
                now != pinned.description
            {
                notes.append(
                    "the tag \(current.reference?.tag ?? "") now points to \(now), not the pinned \(pinned): the pod still pulls the pinned digest"
                )
            }
            results.append(
                ContainerResult(
                    plan: plan, prediction: plan.prediction(after: pullAttempts), attempts: attempts,
                    checkNotes: notes))
            for secret in resolver.credentials(for: plan.container).secrets {
                referenced[secret.qualifiedName] = secret
            }
        }
        let findings = referenced.keys.sorted().flatMap { referenced[$0]!.findings }
        // §10: a refused Secret makes the apply fail, referenced or not; the pods that name it were predicted
        // above as kubelet does for a missing one (FailedToRetrieveImagePullSecret, then without it).
        let refused = (scan.secrets + extraSecrets).flatMap(\.refusals)
        return ScanReport(
            containers: results, problems: documents.problems + scan.problems, secretFindings: findings,
            refusedSecrets: refused)
    }

    /// The candidates as attempts; an empty user and password is, in effect, an anonymous pull (containerd).
    static func attempt(_ candidate: KeyringCandidate) -> CredentialAttempt {
        CredentialAttempt(
            credential: candidate.isEmptyCredential ? nil : candidate.credential, source: candidate.source)
    }

    /// The candidates a plan's attempts were made with; `[nil]` for the anonymous attempt.
    static func candidates(of plan: PullPlan) -> [KeyringCandidate?] {
        guard case .check(_, let candidates) = plan.action else { return [] }
        return candidates.isEmpty ? [nil] : candidates.map { $0 }
    }
}
