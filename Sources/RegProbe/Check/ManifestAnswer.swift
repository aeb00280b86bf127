/// A manifest request's non-success answer, as the classification rules see it.
public struct ManifestAnswer: Sendable {
    public var method: HTTPRequest.Method
    public var status: Int
    public var errors: [DistributionError]
    public var rateLimit: RateLimit?
    /// Who asked: nil for anonymous.
    public var username: String?
    /// How the request was authorised.
    public var authScheme: AuthScheme

    public enum AuthScheme: Sendable { case none, basic, bearer }

    public init(
        method: HTTPRequest.Method, status: Int, errors: [DistributionError] = [], rateLimit: RateLimit? = nil,
        username: String? = nil, authScheme: AuthScheme = .none
    ) {
        self.method = method
        self.status = status
        self.errors = errors
        self.rateLimit = rateLimit
        self.username = username
        self.authScheme = authScheme
    }
}
