/// A check that stopped short of `exists`: the status it ends in, what the registry said, and why.
/// Produced by the protocol steps (ping, token, manifest) and turned into a `Verdict` by `ManifestProbe`.
public struct Problem: Sendable, Error {
    public var status: Status
    public var httpStatus: Int?
    public var message: String
    public var registryErrors: [DistributionError]
    public var rateLimit: RateLimit?

    public init(_ status: Status, httpStatus: Int? = nil, message: String,
                registryErrors: [DistributionError] = [], rateLimit: RateLimit? = nil) {
        self.status = status
        self.httpStatus = httpStatus
        self.message = message
        self.registryErrors = registryErrors
        self.rateLimit = rateLimit
    }

    /// A request that got no answer: `network-error` or `tls-error`, with curl's own text.
    public init(doing what: String, transport error: TransportError) {
        let status: Status = error.kind == .tls ? .tlsError : .networkError
        self.init(status, message: "\(what): \(error.message) (curl error \(error.code))")
    }
}
