/// What a registry said about its rate limit: `Retry-After`, and Docker Hub's `ratelimit-limit` /
/// `ratelimit-remaining` (e.g. `100;w=21600`). https://docs.docker.com/docker-hub/usage/pulls/
public struct RateLimit: Sendable, Hashable, Codable {
    public var limit: String?
    public var remaining: String?
    public var retryAfter: String?

    public init(limit: String? = nil, remaining: String? = nil, retryAfter: String? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.retryAfter = retryAfter
    }

    public init?(headers: HTTPHeaders) {
        self.init(
            limit: headers["ratelimit-limit"], remaining: headers["ratelimit-remaining"],
            retryAfter: headers["retry-after"])
        if limit == nil && remaining == nil && retryAfter == nil { return nil }
    }
}
