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

        var pulls: [KubeletPull] = []
        var checkIndex: [Int: Int] = [:]
        // image:tag@digest pulls by digest; the tag alone is checked too, to say when it has moved on.
        var tagIndex: [Int: Int] = [:]
        for (index, plan) in plans.enumerated() {
            guard case .check(let image, let candidates) = plan.action else { continue }
            checkIndex[index] = pulls.count
            pulls.append(KubeletPull(reference: image, candidates: candidates))
            if image.tag != nil, image.digest != nil,
                case .success(let tagOnly) = ImageReference.parseAsNormalizedNamed(
                    "\(image.registry.name)/\(image.repository):\(image.tag!)")
            {
                tagIndex[index] = pulls.count
                pulls.append(KubeletPull(reference: tagOnly, candidates: candidates))
            }
        }
        let verdicts = await checker.run(pulls.map(\.item)).attempts

        var results: [ContainerResult] = []
        var referenced: [String: PullSecret] = [:]
        for (index, plan) in plans.enumerated() {
            let attempts = checkIndex[index].map { verdicts[$0] } ?? []
            let pullAttempts = checkIndex[index].map { pulls[$0].pullAttempts(attempts) } ?? []
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
}
