/// Step 3 of a pull, for one blob, without downloading it: `HEAD /v2/<name>/blobs/<digest>`.
/// - 200: present, unless its `Content-Length` is less than the descriptor's size (the pull would read too few bytes);
/// - a redirect (to S3, GCS, a CDN, a content service): the registry hands the blob to storage, so the storage must
///   serve it. One `GET` with `Range: bytes=0-0` to where it points (presigned URLs are signed for GET, and many
///   refuse HEAD), without `Authorization` unless it is the registry's own origin, under the redirect rules (no
///   downgrade to plain HTTP): 200 or 206 is present, anything else, or no answer, is `incomplete`;
/// - anything else: what the registry said (404 `BLOB_UNKNOWN` is `incomplete`).
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#checking-if-content-exists-in-the-registry
enum BlobPresence {
    static func check(
        digest: String, size: Int?, hosts: FetchHosts, deadline: ContinuousClock.Instant
    ) async -> Result<Void, PullFailure> {
        let head: HTTPResponse
        let (client, answer) = await hosts.send(.blobHead(digest: digest), deadline: deadline)
        switch answer {
        case .success(let value): head = value
        case .failure(let problem): return .failure(PullFailure(problem))
        }
        switch head.status {
        case 200..<300:
            // Fewer bytes than the descriptor's size fail the pull ("failed to read expected number of bytes");
            // a larger Content-Length does not: containerd reads the size it expects and checks the digest
            // (https://github.com/containerd/containerd/blob/v1.6.20/content/helpers.go, `Copy`).
            if let size, let length = head.headers["Content-Length"].flatMap(Int.init), length < size {
                return .failure(
                    PullFailure(
                        status: .incomplete, reason: .blobSizeMismatch, httpStatus: head.status,
                        detail: "answers with Content-Length \(length), its descriptor says \(size)"))
            }
            return .success(())
        case _ where RedirectPolicy.redirectStatuses.contains(head.status):
            return await followToStorage(head, digest: digest, client: client, deadline: deadline)
        default:
            return .failure(.answer(head, doing: "HEAD", missing: .blobMissing))
        }
    }

    private static func followToStorage(
        _ redirect: HTTPResponse, digest: String, client: RegistryClient, deadline: ContinuousClock.Instant
    ) async -> Result<Void, PullFailure> {
        // The request that was redirected, with its `Authorization`: the policy decides whether the next hop keeps it.
        guard var request = await client.request(for: .blobHead(digest: digest)) else {
            return .failure(
                PullFailure(
                    status: .serverError, reason: .registryError, httpStatus: redirect.status,
                    detail: "answered HTTP \(redirect.status), and the request cannot be rebuilt to follow it"))
        }
        request.method = .get
        let policy = RedirectPolicy(allowsDowngrade: client.http.options.plainHTTP)
        let hop: HTTPRequest
        do {
            guard let next = try policy.nextHop(after: redirect, of: request, origin: RequestURL(request.url)?.origin)
            else {
                return .failure(
                    PullFailure(
                        status: .serverError, reason: .registryError, httpStatus: redirect.status,
                        detail: "answered HTTP \(redirect.status) without a usable Location"))
            }
            hop = next
        } catch {
            return .failure(
                PullFailure(
                    status: .serverError, reason: .of(error), httpStatus: redirect.status, detail: error.message))
        }
        let storage = RequestURL(hop.url)?.displayAuthority ?? "the storage"
        var headers = hop.headers
        headers.add("Range", "bytes=0-0")
        do {
            let response = try await client.http.send(
                .get, hop.url, headers: headers, maxBodyBytes: 1024, deadline: deadline)
            guard response.status == 200 || response.status == 206 else {
                return .failure(
                    PullFailure(
                        status: .incomplete, reason: .storageRefused, httpStatus: response.status,
                        detail:
                            "redirects to storage at \(storage), which answered HTTP \(response.status) to a ranged GET"
                    ))
            }
            return .success(())
        } catch {
            return .failure(
                PullFailure(
                    status: .incomplete, reason: .storageUnreachable,
                    detail: "redirects to storage at \(storage), which did not answer: \(error.message)"))
        }
    }
}
