import RegProbe

/// `regprobe check --secret FILE IMAGE...`: the core check, with credentials picked from pull secrets exactly as
/// kubelet would (its keyring, its order, no anonymous retry once an entry matches).
public enum SecretCredentialCheck {
    /// One verdict per image, in order: the attempt that found the image, else the first failing attempt, with
    /// every attempt listed in its notes.
    public static func run(images: [String], secrets: [PullSecret], checker: Checker) async -> [Verdict] {
        let keyring = KubeletKeyring(secrets: secrets)
        var checks: [OrderedCheck] = []
        var slots: [Int?] = []
        var immediate: [Int: Verdict] = [:]
        for (index, image) in images.enumerated() {
            switch KubeletImageName.parse(image) {
            case .success(let name) where name.reference != nil:
                slots.append(checks.count)
                let candidates = keyring.lookup(repoToPull: name.repoToPull)
                checks.append(OrderedCheck(reference: name.reference!, attempts: candidates.map(ScanRunner.attempt)))
            case .success(let name):
                slots.append(nil)
                immediate[index] = Verdict(
                    image: image, reference: nil, status: .invalidReference, reason: .invalidReference,
                    message:
                        "kubelet reads \(String(reflecting: name.domain)) as a registry host, which regprobe cannot check"
                )
            case .failure(let error):
                slots.append(nil)
                immediate[index] = Verdict(
                    image: image, reference: nil, status: .invalidReference, reason: .invalidReference,
                    message: error.reason)
            }
        }
        let results = await checker.checkInOrder(checks)
        return images.indices.map { index in
            if let verdict = immediate[index] { return verdict }
            let attempts = results[slots[index]!]
            var verdict = attempts.first(where: { $0.status == .exists }) ?? attempts[0]
            verdict.image = images[index]
            if attempts.count > 1 {
                verdict.notes += attempts.enumerated().map { n, attempt in
                    "attempt \(n + 1) (\(attempt.credentialSource)): \(attempt.status.rawValue)"
                }
            }
            if checks[slots[index]!].attempts.isEmpty {
                verdict.notes.append(
                    "no entry of the given secrets matches this image: checked anonymously, as kubelet would pull it")
            }
            return verdict
        }
    }
}
