/// A check that stopped short of `exists`: the status it ends in, what the registry said, and why.
/// Produced by the protocol steps (ping, token, manifest) and turned into a `Verdict` by `ImageCheck`.
public struct Problem: Sendable, Error {
    public var status: Status
    /// The rule that decided it (stable, for scripts and JSON's `reason`).
    public var reason: Reason
    public var httpStatus: Int?
    public var message: String
    public var registryErrors: [DistributionError]
    public var rateLimit: RateLimit?

    public init(
        _ status: Status, _ reason: Reason, httpStatus: Int? = nil, message: String,
        registryErrors: [DistributionError] = [], rateLimit: RateLimit? = nil
    ) {
        self.status = status
        self.reason = reason
        self.httpStatus = httpStatus
        self.message = message
        self.registryErrors = registryErrors
        self.rateLimit = rateLimit
    }

    /// A request that got no answer: `network-error` or `tls-error`, with curl's own text.
    public init(doing what: String, transport error: TransportError) {
        var status: Status
        switch error.kind {
        case .tls: status = .tlsError
        case .protocolViolation: status = .serverError
        case .network, .internal: status = .networkError
        }
        var message = "\(what): \(error.message)" + (error.code == 0 ? "" : " (curl error \(error.code))")
        switch error.code {
        case 8, 27, 100:
            // A reply curl cannot read (weird status line; a header line over curl's 100 KiB limit, which curl
            // 7.x reports as "out of memory"): the registry broke the protocol.
            status = .serverError
            message += "; the registry's answer could not be read (malformed, or a response header over 100 KiB)"
        default:
            break
        }
        if let url = RequestURL(error.url),
            let explanation = TLSDiagnosis.explain(error, host: url.port == 443 ? url.host : "\(url.host):\(url.port)")
        {
            message += "; " + explanation
        }
        self.init(status, .of(error), message: message)
    }
}
