/// Sends a check's `RegistryOperation`s to one repository with the `Authorization` the check already obtained.
/// Blob requests are not followed across redirects here (`BlobPresence` follows them its own way).
struct PullRequester: Sendable {
    let http: RegistryHTTP
    let baseURL: String
    let repository: String
    let authorization: String?
    /// Receives each answer's headers (warnings, rate limits).
    let record: @Sendable (HTTPHeaders) -> Void

    func send(
        _ operation: RegistryOperation, maxBodyBytes: Int = 64 * 1024,
        deadline: ContinuousClock.Instant
    ) async -> Result<HTTPResponse, Problem> {
        var headers = operation.headers
        if let authorization { headers.add("Authorization", authorization) }
        let url = operation.url(base: baseURL, repository: repository)
        let followRedirects: Bool
        if case .blobHead = operation { followRedirects = false } else { followRedirects = true }
        do {
            let response = try await http.send(
                operation.method, url, headers: headers, maxBodyBytes: maxBodyBytes,
                followRedirects: followRedirects, deadline: deadline)
            record(response.headers)
            return .success(response)
        } catch {
            return .failure(Problem(doing: "\(operation.method.rawValue) \(url)", transport: error))
        }
    }
}
