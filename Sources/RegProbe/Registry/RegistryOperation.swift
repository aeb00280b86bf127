/// One request of the registry API, as a value: what it asks for, its path and its headers built in one place. The
/// authorizing `RegistryClient` sends it.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests,
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs
enum RegistryOperation: Sendable, Hashable {
    /// `HEAD` or `GET /v2/<name>/manifests/<tag|digest>`, with the full `Accept` list.
    case manifest(HTTPRequest.Method, reference: String)
    /// `HEAD /v2/<name>/blobs/<digest>`: not followed across a redirect (`BlobPresence` decides what one means).
    case blobHead(digest: String)
    /// `GET /v2/<name>/blobs/<digest>`, for a small blob read whole (an image config, for `--platform`).
    case blobGet(digest: String)

    var method: HTTPRequest.Method {
        switch self {
        case .manifest(let method, _): method
        case .blobHead: .head
        case .blobGet: .get
        }
    }

    /// The path under a registry's root. The repository and the tag or digest were checked against distribution's
    /// grammar before (`ImageReference`, `Digest`): the grammar allows no character a path would need escaped.
    func path(in repository: String) -> String {
        switch self {
        case .manifest(_, let reference): "/v2/\(repository)/manifests/\(reference)"
        case .blobHead(let digest), .blobGet(let digest): "/v2/\(repository)/blobs/\(digest)"
        }
    }

    /// `manifests` or `blobs`: the kind of object asked for.
    var kind: String {
        if case .manifest = self { return "manifests" }
        return "blobs"
    }

    /// The tag or digest asked for.
    var reference: String {
        switch self {
        case .manifest(_, let reference): reference
        case .blobHead(let digest), .blobGet(let digest): digest
        }
    }

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        if case .manifest = self { headers.add("Accept", MediaType.acceptHeader) }
        return headers
    }

    /// A blob HEAD's redirect is an answer in itself (the registry hands the blob to storage); every other
    /// operation follows redirects under `RedirectPolicy`.
    var followsRedirects: Bool {
        if case .blobHead = self { return false }
        return true
    }
}
