/// `--platform`: an index must list every platform asked for; a single image's config must be of one of them.
/// The platforms are read as a pull reads them: an index's descriptors, or the `os`/`architecture` of the image's
/// config blob (`GET /v2/<name>/blobs/<digest>`, at most 1 MiB). schema1 names its architecture only in its history:
/// nothing reliable to read, so it has no platform to match.
/// https://github.com/opencontainers/image-spec/blob/main/image-index.md#image-index-property-descriptions,
/// https://github.com/opencontainers/image-spec/blob/main/config.md#properties
enum PlatformCheck {
    /// Why the platforms asked for are not all there, with the platforms that were read (when any were).
    struct Failure: Error, Sendable {
        let problem: Problem
        let listed: [Platform]?
    }

    /// The platforms found (the index's, or the image's one), when every one asked for is among them.
    static func check(
        _ wanted: [Platform], in manifest: ResolvedManifest, of reference: ImageReference, client: RegistryClient,
        deadline: ContinuousClock.Instant
    ) async -> Result<[Platform], Failure> {
        let available: [Platform]
        switch await platforms(of: manifest, reference: reference, client: client, deadline: deadline) {
        case .success(let value): available = value
        case .failure(let problem): return .failure(Failure(problem: problem, listed: nil))
        }
        let missing = wanted.filter { want in !available.contains { $0.satisfies(want) } }
        guard missing.isEmpty else {
            let have = available.isEmpty ? "none" : available.map(\.description).joined(separator: ", ")
            let kind = MediaType.kindName(manifest.mediaType)
            return .failure(
                Failure(
                    problem: Problem(
                        .platformMissing, .platformMissing, httpStatus: 200,
                        message:
                            "no \(missing.map(\.description).joined(separator: ", ")) in the \(kind); it has: \(have)"
                    ),
                    listed: available))
        }
        return .success(available)
    }

    private static func platforms(
        of manifest: ResolvedManifest, reference: ImageReference, client: RegistryClient,
        deadline: ContinuousClock.Instant
    ) async -> Result<[Platform], Problem> {
        if MediaType.isSchema1(manifest.mediaType) { return .success([]) }
        let body: [UInt8]
        if let read = manifest.body {
            body = read
        } else {
            switch await client.send(
                .manifest(.get, reference: manifest.digest), maxBodyBytes: ManifestResolve.maxManifestBytes,
                deadline: deadline)
            {
            case .success(let response) where response.status == 200 && !response.bodyTruncated: body = response.body
            case .success(let response):
                return .failure(await client.problem(for: response, method: .get, reference: reference))
            case .failure(let problem): return .failure(problem)
            }
        }
        if MediaType.isIndex(manifest.mediaType) {
            guard let listed = ManifestBody.platforms(ofIndex: body) else {
                return .failure(
                    Problem(
                        .serverError, .indexUnparseable, httpStatus: 200,
                        message: "\(reference.registry) sent an index that does not parse"))
            }
            return .success(listed)
        }
        guard let configDigest = ManifestBody.configDigest(ofManifest: body) else {
            return .failure(
                Problem(
                    .serverError, .manifestUnparseable, httpStatus: 200,
                    message: "\(reference.registry) sent a manifest without a config descriptor"))
        }
        switch await client.send(.blobGet(digest: configDigest), maxBodyBytes: 1 << 20, deadline: deadline) {
        case .success(let response) where response.status == 200:
            guard let platform = ManifestBody.platform(ofConfig: response.body) else {
                return .failure(
                    Problem(
                        .serverError, .configWithoutPlatform, httpStatus: 200,
                        message: "the image config \(configDigest) names no os/architecture"))
            }
            return .success([platform])
        case .success(let response):
            return .failure(await client.problem(for: response, method: .get, reference: reference))
        case .failure(let problem):
            return .failure(problem)
        }
    }
}
