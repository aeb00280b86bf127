/// One request of the registry API a pull makes, as a value: what it asks for, built into a URL in one place.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests,
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs
enum RegistryOperation: Sendable, Hashable {
    /// `HEAD` or `GET /v2/<name>/manifests/<tag|digest>`, with the full `Accept` list.
    case manifest(HTTPRequest.Method, reference: String)
    /// `HEAD /v2/<name>/blobs/<digest>`.
    case blobHead(digest: String)

    var method: HTTPRequest.Method {
        switch self {
        case .manifest(let method, _): method
        case .blobHead: .head
        }
    }

    /// The URL under a registry's base (`https://host:port`), for a repository. The repository and the tag or
    /// digest were checked against distribution's grammar before (`ImageReference`, `Digest`), so they need no
    /// escaping: the grammar allows no character that would.
    func url(base: String, repository: String) -> String {
        switch self {
        case .manifest(_, let reference): "\(base)/v2/\(repository)/manifests/\(reference)"
        case .blobHead(let digest): "\(base)/v2/\(repository)/blobs/\(digest)"
        }
    }

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if case .manifest = self { headers.add("Accept", MediaType.acceptHeader) }
        return headers
    }
}
