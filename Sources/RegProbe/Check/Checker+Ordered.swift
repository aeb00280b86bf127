/// One credential to try, and where it came from.
public struct CredentialAttempt: Sendable, Hashable {
    public let credential: Credential?
    public let source: CredentialSource

    public init(credential: Credential?, source: CredentialSource) {
        self.credential = credential
        self.source = source
    }

    public static let anonymous = CredentialAttempt(credential: nil, source: .anonymous)
}

/// An image to check with credentials tried in a given order, as kubelet tries a pod's candidates: the first
/// attempt that finds the image wins; with no attempt given, one anonymous check.
public struct OrderedCheck: Sendable, Hashable {
    public let reference: ImageReference
    public let attempts: [CredentialAttempt]

    public init(reference: ImageReference, attempts: [CredentialAttempt]) {
        self.reference = reference
        self.attempts = attempts
    }
}

extension Checker {
    /// Checks each item, trying its credentials in order until one finds the image. Returns, per item, the
    /// verdict of every attempt made (the last one is the answer). Identical items are checked once; items run
    /// concurrently (at most `options.jobs`), attempts of one item one after the other.
    public func checkInOrder(_ items: [OrderedCheck], transport: (any HTTPTransport)? = nil) async -> [[Verdict]] {
        await withContext(transport: transport) { context in
            var unique: [OrderedCheck] = []
            var positions: [OrderedCheck: Int] = [:]
            let slots = items.map { item -> Int in
                if let known = positions[item] { return known }
                positions[item] = unique.count
                unique.append(item)
                return unique.count - 1
            }
            // Plan every first attempt's scope, so one token request covers a registry's repositories.
            var plans: [CheckPlan.SessionKey: [String]] = [:]
            for item in unique {
                let first = item.attempts.first ?? .anonymous
                plans[
                    CheckPlan.SessionKey(registry: item.reference.registry, credential: first.credential), default: []
                ]
                .append(item.reference.repository)
            }
            for (key, repositories) in plans {
                await context.sessions.session(for: key.registry, credential: key.credential).plan(repositories)
            }
            let work = unique
            var results = [[Verdict]](repeating: [], count: work.count)
            await Self.forEach(count: work.count, jobs: options.jobs) { index in
                let item = work[index]
                var verdicts: [Verdict] = []
                for attempt in item.attempts.isEmpty ? [.anonymous] : item.attempts {
                    let verdict = await context.check(
                        item.reference, credential: attempt.credential, source: attempt.source)
                    verdicts.append(verdict)
                    if verdict.status == .exists { break }
                }
                return verdicts
            } deliver: { index, verdicts in
                results[index] = verdicts
            }
            return slots.map { results[$0] }
        }
    }
}
