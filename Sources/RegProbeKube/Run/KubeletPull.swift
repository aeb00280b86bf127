import RegProbe

/// kubelet's pull of one image, as checks: the keyring's candidates for the image's name, tried in kubelet's order,
/// the first success winning, no anonymous retry once there is a candidate (docs/kubelet-credentials.md R7.1; with
/// no candidate, one anonymous pull). The one place where candidates become `CheckItem` attempts and the verdicts
/// become `PullAttempt`s: `ScanRunner`, `SecretRunner` and `SecretCredentialCheck` all pull through it.
struct KubeletPull: Sendable {
    let reference: ImageReference
    let candidates: [KeyringCandidate]

    /// Why an image as written gets no check: kubelet refuses the name, or regprobe cannot represent its host.
    enum Unchecked: Error {
        case invalidName(reason: String)
        case unrepresentableHost(domain: String)
    }

    /// kubelet's reading of the name (R2), and the keyring's candidates for it (R5).
    static func of(_ image: String, keyring: KubeletKeyring) -> Result<KubeletPull, Unchecked> {
        switch KubeletImageName.parse(image) {
        case .failure(let error):
            return .failure(.invalidName(reason: error.reason))
        case .success(let name):
            guard let reference = name.reference else { return .failure(.unrepresentableHost(domain: name.domain)) }
            return .success(KubeletPull(reference: reference, candidates: keyring.lookup(repoToPull: name.repoToPull)))
        }
    }

    /// The checks to make, in kubelet's order. An empty user and password is, in effect, an anonymous pull
    /// (containerd sends no `Authorization` for it).
    var item: CheckItem {
        CheckItem(
            reference: reference,
            attempts: candidates.map {
                CredentialAttempt(credential: $0.isEmptyCredential ? nil : $0.credential, source: $0.source)
            })
    }

    /// The attempts made (the checker stops at the first success), each with the candidate it used: nil for the
    /// anonymous attempt made when there was none.
    func pullAttempts(_ verdicts: [Verdict]) -> [PullAttempt] {
        let tried: [KeyringCandidate?] = candidates.isEmpty ? [nil] : candidates
        return zip(verdicts, tried).map { PullAttempt(candidate: $1, status: $0.status, message: $0.message) }
    }
}
