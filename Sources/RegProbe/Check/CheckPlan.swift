/// A run's items, parsed, with their attempts: what needs no request is answered at once, identical items (the same
/// reference, the same attempts) fold into one piece of work, and the pull scopes of each session's repositories are
/// collected so that one token request can cover them.
struct CheckPlan {
    /// What one item of the run needs.
    enum Entry {
        /// Answered without a request: an invalid reference, a credential helper that failed.
        case answered(Verdict)
        /// The piece of work (index into `work`) that answers it, and the image as the item gave it.
        case work(Int, image: String)
    }

    /// A reference and the attempts to make for it, in order (never empty: one anonymous attempt when none).
    struct Work: Sendable {
        let reference: ImageReference
        let attempts: [CredentialAttempt]

        /// Which checks are the same: the registry, repository and tag or digest asked, with the same credential.
        var key: AttemptKey.Target {
            AttemptKey.Target(
                registry: reference.registry, repository: reference.repository, identifier: reference.identifier)
        }
    }

    /// An (image, credential) check of the run, made once however many items need it.
    struct AttemptKey: Hashable, Sendable {
        struct Target: Hashable, Sendable {
            let registry: RegistryHost
            let repository: String
            let identifier: String
        }
        let target: Target
        let attempt: CredentialAttempt
    }

    private(set) var entries: [Entry] = []
    private(set) var work: [Work] = []
    private(set) var repositoriesBySession: [SessionPool.Key: [String]] = [:]
    private var workIndex: [[AttemptKey]: Int] = [:]

    /// Parses every item, then asks `credentials` for the attempts of every item that has none (credential helpers
    /// run concurrently, off Swift's cooperative pool, under one deadline that fits the check's time limit), then
    /// folds identical items.
    static func make(_ items: [CheckItem], credentials: CredentialResolver, request: CheckRequest) async -> CheckPlan {
        let parsed: [Result<ImageReference, ReferenceError>] = items.map { item in
            switch item.target {
            case .image(let image): ImageReference.parse(image)
            case .reference(let reference): .success(reference)
            }
        }
        var targets: [(registry: RegistryHost, repository: String)] = []
        for (item, reference) in zip(items, parsed) where item.attempts == nil {
            if case .success(let reference) = reference { targets.append((reference.registry, reference.repository)) }
        }
        var lookups = await credentials.lookup(targets, timeoutSeconds: request.timeoutSeconds)[...]
        var plan = CheckPlan()
        for (item, reference) in zip(items, parsed) {
            let image: String
            switch item.target {
            case .image(let written): image = written
            case .reference(let reference): image = reference.original
            }
            switch reference {
            case .failure(let error):
                plan.entries.append(
                    .answered(
                        Verdict(
                            image: image, reference: nil, status: .invalidReference, reason: .invalidReference,
                            message: error.reason, depth: request.depth)))
            case .success(let reference):
                if let attempts = item.attempts {
                    plan.add(Work(reference: reference, attempts: attempts.isEmpty ? [.anonymous] : attempts), image)
                    continue
                }
                switch lookups.removeFirst() {
                case .success(let found):
                    let attempt = CredentialAttempt(credential: found.credential, source: found.source)
                    plan.add(Work(reference: reference, attempts: [attempt]), image)
                case .failure(let failure):
                    plan.entries.append(
                        .answered(
                            Verdict(
                                image: image, reference: reference, status: .unauthorized,
                                reason: .credentialHelperFailed, message: failure.message,
                                credentialSource: .anonymous, depth: request.depth)))
                }
            }
        }
        return plan
    }

    private mutating func add(_ item: Work, _ image: String) {
        let fold = item.attempts.map { AttemptKey(target: item.key, attempt: $0) }
        if let known = workIndex[fold] {
            entries.append(.work(known, image: image))
            return
        }
        workIndex[fold] = work.count
        entries.append(.work(work.count, image: image))
        work.append(item)
        // The first attempt's session asks for the scopes of the run; later attempts ask as they come.
        let first = item.attempts[0]
        repositoriesBySession[
            SessionPool.Key(registry: item.reference.registry, credential: first.credential), default: []
        ].append(item.reference.repository)
    }
}
