import RegProbe

/// `regprobe check --secret FILE IMAGE...`: the core check, with credentials picked from pull secrets exactly as
/// kubelet would (its keyring, its order, no anonymous retry once an entry matches).
public enum SecretCredentialCheck {
    /// One verdict per image, in order: the attempt that found the image, else the first failing attempt, with
    /// every attempt listed in its notes.
    public static func run(images: [String], secrets: [PullSecret], checker: Checker) async -> [Verdict] {
        let keyring = KubeletKeyring(secrets: secrets)
        var pulls: [KubeletPull] = []
        var slots: [Int?] = []
        var immediate: [Int: Verdict] = [:]
        for (index, image) in images.enumerated() {
            let reason: String
            switch KubeletPull.of(image, keyring: keyring) {
            case .success(let pull):
                slots.append(pulls.count)
                pulls.append(pull)
                continue
            case .failure(.unrepresentableHost(let domain)):
                reason = "kubelet reads \(String(reflecting: domain)) as a registry host, which regprobe cannot check"
            case .failure(.invalidName(let why)):
                reason = why
            }
            slots.append(nil)
            immediate[index] = Verdict(
                image: image, reference: nil, status: .invalidReference, reason: .invalidReference, message: reason)
        }
        let results = await checker.run(pulls.map(\.item)).attempts
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
            if pulls[slots[index]!].candidates.isEmpty {
                verdict.notes.append(
                    "no entry of the given secrets matches this image: checked anonymously, as kubelet would pull it")
            }
            return verdict
        }
    }
}
