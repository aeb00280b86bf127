/// Why one piece of a pull (a child manifest, the config, a layer) would fail, without naming the piece: the same
/// blob may serve many images of a run, each of which names it in its own words (`what`).
struct PullFailure: Error, Sendable, Hashable {
    let status: Status
    let httpStatus: Int?
    /// What the registry (or the storage it redirected to) answered, e.g. "answers 404 (BLOB_UNKNOWN: ...)".
    let detail: String

    /// A status for an HTTP answer that is not what a pull needs.
    static func answer(_ response: HTTPResponse, doing: String) -> PullFailure {
        let said = DistributionError.summary(DistributionError.parse(response.body)).map { " (\($0))" } ?? ""
        let status: Status
        switch response.status {
        case 404: status = .incomplete
        case 401: status = .unauthorized
        case 403: status = .denied
        case 429: status = .rateLimited
        default: status = .serverError
        }
        return PullFailure(status: status, httpStatus: response.status,
                           detail: "\(doing) answered HTTP \(response.status)\(said)")
    }

    init(status: Status, httpStatus: Int? = nil, detail: String) {
        self.status = status
        self.httpStatus = httpStatus
        self.detail = detail
    }

    init(_ problem: Problem) {
        self.init(status: problem.status, httpStatus: problem.httpStatus, detail: problem.message)
    }
}
