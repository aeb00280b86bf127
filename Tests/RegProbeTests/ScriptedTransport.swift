import Synchronization

@testable import RegProbe

/// A transport that answers from a script and records every request, for unit tests of the protocol steps.
final class ScriptedTransport: HTTPTransport, Sendable {
    typealias Handler = @Sendable (HTTPRequest) -> Result<HTTPResponse, TransportError>
    private let handler: Handler
    private let log = Mutex<[HTTPRequest]>([])

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [HTTPRequest] { log.withLock { $0 } }
    var lines: [String] { requests.map { "\($0.method.rawValue) \($0.url)" } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        log.withLock { $0.append(request) }
        var response: HTTPResponse
        switch handler(request) {
        case .success(let value): response = value
        case .failure(let error):
            throw TransportError(
                kind: error.kind, code: error.code, message: error.message,
                url: error.url.isEmpty ? request.url : error.url)
        }
        response.url = request.url
        return response
    }
}

func answer(_ status: Int, _ headers: [(String, String)] = [], body: String = "") -> Result<
    HTTPResponse, TransportError
> {
    .success(HTTPResponse(status: status, headers: HTTPHeaders(headers), body: Array(body.utf8)))
}

/// The path of a URL, for matching in scripts.
func path(_ url: String) -> String {
    RequestURL(url).map { url in
        let afterScheme = url.string.dropFirst(url.scheme.count + 3)
        return afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
    } ?? url
}
