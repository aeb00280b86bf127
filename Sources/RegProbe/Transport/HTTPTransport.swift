/// The seam between the protocol and the wire. `CurlEngine` implements it over libcurl's multi interface;
/// tests implement it with scripted answers.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns the answer, whatever its status. Throws only when no answer came.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}
