/// Why one piece of a pull (a child manifest, the config, a layer) would fail, without naming the piece: the same
/// blob may serve many images of a run, each of which names it in its own words (`what`).
struct PullFailure: Error, Sendable, Hashable {
    let status: Status
    let reason: Reason
    let httpStatus: Int?
    /// What the registry (or the storage it redirected to) answered, e.g. "is missing: HEAD answered HTTP 404".
    let detail: String

    /// A status for an HTTP answer that is not what a pull needs.
    /// `missing`: the reason a 404 stands for (a blob, or a manifest by digest).
    static func answer(_ response: HTTPResponse, doing: String, missing: Reason) -> PullFailure {
        let said = DistributionError.summary(DistributionError.parse(response.body)).map { " (\($0))" } ?? ""
        let status: Status
        let reason: Reason
        switch response.status {
        case 404: (status, reason) = (.incomplete, missing)
        case 401: (status, reason) = (.unauthorized, .credentialsRejected)
        case 403: (status, reason) = (.denied, .accessDenied)
        case 429: (status, reason) = (.rateLimited, .rateLimited)
        default: (status, reason) = (.serverError, .registryError)
        }
        return PullFailure(
            status: status, reason: reason, httpStatus: response.status,
            detail: (response.status == 404 ? "is missing: " : "") + "\(doing) answered HTTP \(response.status)\(said)")
    }

    init(status: Status, reason: Reason, httpStatus: Int? = nil, detail: String) {
        self.status = status
        self.reason = reason
        self.httpStatus = httpStatus
        self.detail = detail
    }

    init(_ problem: Problem) {
        self.init(
            status: problem.status, reason: problem.reason, httpStatus: problem.httpStatus, detail: problem.message)
    }
}
