/// Step 1 and 2 of a pull, for one manifest: `GET` it by digest with the full `Accept` list, as containerd does
/// after resolving a tag, and check that the body is what the digest names: its SHA-256 (or SHA-512) and, when a
/// descriptor gave one, its size. At most 4 MiB.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/fetcher.go,
/// https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests
enum ManifestFetch {
    static let maxBytes = ManifestResolve.maxManifestBytes

    static func fetch(
        digest: String, size: Int?, hosts: FetchHosts, deadline: ContinuousClock.Instant
    ) async -> Result<FetchedManifest, PullFailure> {
        let response: HTTPResponse
        switch await hosts.send(.manifest(.get, reference: digest), maxBodyBytes: maxBytes, deadline: deadline).result {
        case .success(let value): response = value
        case .failure(let problem): return .failure(PullFailure(problem))
        }
        guard (200..<300).contains(response.status) else {
            return .failure(.answer(response, doing: "GET by digest", missing: .manifestMissing))
        }
        if response.bodyTruncated {
            return .failure(
                PullFailure(
                    status: .serverError, reason: .manifestTooLarge, httpStatus: response.status,
                    detail: "the registry sent more than 4 MiB"))
        }
        let algorithm = digest.split(separator: ":").first.map(String.init) ?? "sha256"
        guard let actual = ManifestDigester.digest(response.body, algorithm: algorithm) else {
            return .failure(
                PullFailure(status: .serverError, reason: .unsupportedDigest, detail: "cannot hash with \(algorithm)"))
        }
        guard actual == digest else {
            return .failure(
                PullFailure(
                    status: .serverError, reason: .digestMismatch, httpStatus: response.status,
                    detail: "the registry returned a different manifest: its body hashes to \(actual)"))
        }
        if let size, size != response.body.count {
            return .failure(
                PullFailure(
                    status: .serverError, reason: .manifestSizeMismatch, httpStatus: response.status,
                    detail: "the manifest is \(response.body.count) bytes, its descriptor says \(size)"))
        }
        let contentType = response.headers["Content-Type"].map(MediaType.essence) ?? ""
        guard
            let mediaType = MediaType.isManifest(contentType)
                ? contentType : ManifestSniffer.mediaType(of: response.body)
        else {
            return .failure(
                PullFailure(
                    status: .serverError, reason: .notAManifest, httpStatus: response.status,
                    detail: "the body is not an image manifest (Content-Type \(contentType))"))
        }
        return .success(FetchedManifest(mediaType: mediaType, body: response.body))
    }
}
