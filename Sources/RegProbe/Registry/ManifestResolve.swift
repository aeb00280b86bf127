/// The check's first step: resolve a reference to a manifest, as a pull's resolver does.
///  1. `HEAD /v2/<path>/manifests/<tag|digest>` with the full `Accept` list (authorized, with one re-challenge, by
///     `RegistryClient`);
///  2. a 401/403 HEAD has no body: one GET reads the registry's own words for the message;
///  3. `GET` the same manifest when the HEAD is refused (405/400/501), carries no `Docker-Content-Digest`, or a
///     Content-Type that is not a manifest's; the body (at most 4 MiB) must be a JSON object and is hashed;
///  4. a digest reference must get back the manifest it names.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#checking-if-content-exists-in-the-registry,
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/resolver.go (`Resolve`)
enum ManifestResolve {
    static let maxManifestBytes = 4 * 1024 * 1024

    static func resolve(
        _ reference: ImageReference, client: RegistryClient, deadline: ContinuousClock.Instant
    ) async -> Result<ResolvedManifest, Problem> {
        let head: HTTPResponse
        switch await client.send(.manifest(.head, reference: reference.identifier), deadline: deadline) {
        case .success(let response): head = response
        case .failure(let problem): return .failure(problem)
        }
        var notes: [String] = []
        switch head.status {
        case 200..<300:
            if let header = head.headers["Docker-Content-Digest"], let digest = Digest(parsing: header) {
                let mediaType = head.headers["Content-Type"].map(MediaType.essence) ?? "unknown"
                if MediaType.isManifest(mediaType) {
                    return verify(
                        ResolvedManifest(
                            digest: digest.description, mediaType: mediaType,
                            size: head.headers["Content-Length"].flatMap(Int.init), httpStatus: head.status),
                        reference)
                }
                notes.append("HEAD answered Content-Type \(mediaType); confirming with GET")
            } else {
                notes.append(
                    "the registry's HEAD answer had no Docker-Content-Digest; the digest was computed from a GET")
            }
        case 400, 405, 501:
            notes.append("the registry refused HEAD (HTTP \(head.status)); the manifest was read with GET")
        case 401, 403:
            if case .success(let get) = await client.send(
                .manifest(.get, reference: reference.identifier), deadline: deadline),
                get.status == head.status, !DistributionError.parse(get.body).isEmpty
            {
                return .failure(await client.problem(for: get, method: .get, reference: reference))
            }
            return .failure(await client.problem(for: head, method: .head, reference: reference))
        default:
            return .failure(await client.problem(for: head, method: .head, reference: reference))
        }
        return await read(reference, notes: notes, client: client, deadline: deadline)
    }

    /// Step 3: GET, check that the body is a manifest, and hash it.
    private static func read(
        _ reference: ImageReference, notes: [String], client: RegistryClient, deadline: ContinuousClock.Instant
    ) async -> Result<ResolvedManifest, Problem> {
        var notes = notes
        let get: HTTPResponse
        switch await client.send(
            .manifest(.get, reference: reference.identifier), maxBodyBytes: maxManifestBytes, deadline: deadline)
        {
        case .success(let response): get = response
        case .failure(let problem): return .failure(problem)
        }
        guard (200..<300).contains(get.status) else {
            return .failure(await client.problem(for: get, method: .get, reference: reference))
        }
        if get.bodyTruncated {
            return .failure(
                Problem(
                    .serverError, .manifestTooLarge, httpStatus: get.status,
                    message: "\(reference.registry) sent a manifest larger than 4 MiB for \(reference.identifier)"))
        }
        let contentType = get.headers["Content-Type"].map(MediaType.essence) ?? ""
        let shownType = contentType.isEmpty ? "(none)" : contentType
        let mediaType: String
        if MediaType.isManifest(contentType) {
            mediaType = contentType
        } else if let declared = ManifestSniffer.mediaType(of: get.body) {
            mediaType = declared
            notes.append("the registry sent Content-Type \(shownType); the manifest declares \(declared)")
        } else {
            return .failure(
                Problem(
                    .serverError, .notAManifest, httpStatus: get.status,
                    message:
                        "\(reference.registry) answered 200 with Content-Type \(shownType), which is not an image manifest"
                ))
        }
        // A manifest is a JSON object, whatever Content-Type said (containerd decodes it before anything else).
        let sent = "\(reference.registry) sent a manifest for \(reference.identifier) (Content-Type \(mediaType))"
        switch GoJSON.parse(get.body) {
        case .success(.object):
            break
        case .success:
            return .failure(
                Problem(
                    .serverError, .manifestNotJSON, httpStatus: get.status, message: "\(sent) that is not a JSON object"
                ))
        case .failure(let error):
            return .failure(
                Problem(
                    .serverError, .manifestNotJSON, httpStatus: get.status,
                    message: "\(sent) that is not JSON (\(error.message) at byte \(error.offset))"))
        }
        let algorithm = reference.digest?.algorithm ?? "sha256"
        guard var digest = ManifestDigester.digest(get.body, algorithm: algorithm) else {
            return .failure(Problem(.serverError, .unsupportedDigest, message: "cannot hash with \(algorithm)"))
        }
        if let header = get.headers["Docker-Content-Digest"], header != digest, reference.digest == nil {
            if MediaType.isSchema1(mediaType) {
                // A signed schema1 manifest's digest is that of its payload, which the registry computes.
                digest = header
            } else {
                notes.append(
                    "the registry's Docker-Content-Digest \(header) is not the hash of the manifest it sent (\(digest)); the hash is reported"
                )
            }
        }
        return verify(
            ResolvedManifest(
                digest: digest, mediaType: mediaType, size: get.body.count, httpStatus: get.status, notes: notes,
                body: get.body),
            reference)
    }

    /// Step 4: a digest reference must get back the manifest it names.
    private static func verify(_ found: ResolvedManifest, _ reference: ImageReference) -> Result<
        ResolvedManifest, Problem
    > {
        if let wanted = reference.digest, found.digest != wanted.description {
            return .failure(
                Problem(
                    .serverError, .digestMismatch, httpStatus: found.httpStatus,
                    message: "registry returned a different manifest: asked for \(wanted), got \(found.digest)"))
        }
        return .success(found)
    }
}
