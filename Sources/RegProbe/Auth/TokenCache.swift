/// Bearer tokens of one run by (realm, service, scope), reused until they expire.
///
/// A token's lifetime is `expires_in` seconds from when it arrived (the spec's default and minimum is 60 s:
/// https://distribution.github.io/distribution/spec/auth/token/#token-response-fields), less a safety margin of
/// 10 % (at least 5 s), so a token is never sent in its last seconds. `issued_at` is not trusted over our own
/// clock: a skewed server clock would otherwise expire every token at once.
public struct TokenCache: Sendable {
    public struct Key: Hashable, Sendable {
        public let realm: String
        public let service: String
        public let scope: String

        public init(realm: String, service: String, scope: String) {
            self.realm = realm
            self.service = service
            self.scope = scope
        }
    }

    private struct Entry: Sendable {
        let token: BearerToken
        let usableUntil: ContinuousClock.Instant
    }

    private var entries: [Key: Entry] = [:]

    public init() {}

    /// How long a token may be used after it arrived.
    public static func usableLifetime(of token: BearerToken) -> Duration {
        let lifetime = max(60, token.expiresIn ?? 60)
        let margin = max(5, lifetime / 10)
        return .seconds(lifetime - margin)
    }

    public mutating func store(_ token: BearerToken, for key: Key, at now: ContinuousClock.Instant = .now) {
        entries[key] = Entry(token: token, usableUntil: now + Self.usableLifetime(of: token))
    }

    public func token(for key: Key, at now: ContinuousClock.Instant = .now) -> BearerToken? {
        guard let entry = entries[key], now < entry.usableUntil else { return nil }
        return entry.token
    }
}
