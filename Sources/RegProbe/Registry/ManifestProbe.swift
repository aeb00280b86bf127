/// One image's check, as plain sequential steps over a shared `RegistrySession`:
///  1. the registry's endpoint and challenge (the ping, shared);
///  2. an `Authorization` for `repository:<path>:pull` (Basic, or a Bearer token, shared per scope);
///  3. `HEAD /v2/<path>/manifests/<tag|digest>` with the full `Accept` list;
///  4. on 401, one re-challenge (a first challenge after an open ping, or `insufficient_scope`), never a loop;
///  5. `GET` the same manifest when the HEAD is refused (405/400/501) or carries no `Docker-Content-Digest`,
///     hashing the body (capped at 4 MiB);
///  6. a digest reference must get back the manifest it names.
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#checking-if-content-exists-in-the-registry
struct ManifestProbe {
    let session: RegistrySession
    let reference: ImageReference
    let credential: Credential?
    let credentialSource: CredentialSource
    let http: RegistryHTTP
    /// The run's manifests and blobs already checked (`--deep`).
    let pulls: PullCache

    static let maxManifestBytes = 4 * 1024 * 1024

    private struct Found {
        var digest: String
        var mediaType: String
        var size: Int?
        var httpStatus: Int
        var notes: [String] = []
        /// The manifest bytes, when a GET read them.
        var body: [UInt8]? = nil
        /// Where and how it was found, for follow-up requests (the platform check).
        var baseURL = ""
        var auth = Auth()
    }

    /// The `Authorization` in use and how it was made, for the classification of a refusal.
    private struct Auth {
        var header: String?
        var token: BearerToken?
        var scheme: ManifestAnswer.AuthScheme = .none
    }

    /// What every answer of this check said besides its status: `Warning: 299` texts and rate-limit headers.
    private final class Seen: @unchecked Sendable {  // one check's sequential steps only
        var warnings: [String] = []
        var rateLimit: RateLimit?

        func record(_ headers: HTTPHeaders) {
            for value in headers.values("Warning") {
                if warnings.count < Self.maxWarnings, let text = Self.warningText(value), !warnings.contains(text) {
                    warnings.append(text)
                }
            }
            if let limit = RateLimit(headers: headers), limit.limit != nil || limit.remaining != nil {
                rateLimit = limit
            }
        }

        /// Distinct `Warning` texts kept per check (JSON lists them; text shows the first five).
        static let maxWarnings = 20

        /// `299 - "text"` (RFC 7234 §5.5): registries use code 299 for deprecations and notices.
        static func warningText(_ value: String) -> String? {
            let parts = value.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, parts[0] == "299" else { return nil }
            var text = String(parts[2])
            if text.hasPrefix("\""), let end = text.dropFirst().firstIndex(of: "\"") {
                text = String(text[text.index(after: text.startIndex)..<end])
            }
            return text.isEmpty ? nil : String(text.prefix(500))
        }
    }

    private let seen = Seen()

    func run() async -> Verdict {
        let deadline = ContinuousClock.now + .milliseconds(Int(http.options.timeoutSeconds * 1000))
        var verdict = await verdict(deadline: deadline)
        if http.options.deep { verdict.depth = .pull }
        verdict.warnings = seen.warnings
        if verdict.rateLimit == nil { verdict.rateLimit = seen.rateLimit }
        return verdict
    }

    private func verdict(deadline: ContinuousClock.Instant) async -> Verdict {
        let outcome = await probe(deadline: deadline)
        var verdict = Self.verdict(outcome, reference: reference, credentialSource: credentialSource)
        guard case .success(let found) = outcome else { return verdict }
        if http.options.deep { return await deep(verdict, found, deadline: deadline) }
        guard !http.options.platforms.isEmpty else { return verdict }
        switch await checkPlatforms(found, deadline: deadline) {
        case .success(let listed):
            verdict.platforms = listed.map(\.description)
        case .failure(let failure):
            let problem = failure.problem
            // The image is there (digest, media type stay in the verdict), but not for every platform asked.
            verdict.status = problem.status
            verdict.reason = problem.reason
            verdict.httpStatus = problem.httpStatus ?? verdict.httpStatus
            verdict.message = problem.message
            verdict.registryErrors = problem.registryErrors
            verdict.hint = Hint.forVerdict(
                status: problem.status, reference: reference, credentialSource: credentialSource)
            verdict.platforms = failure.listed?.map(\.description)
        }
        return verdict
    }

    /// `--deep` (`DeepCheck`): what a pull fetches after the manifest. A single image asked for platforms is
    /// compared first, as without `--deep` (its config names its platform).
    private func deep(_ found: Verdict, _ manifest: Found, deadline: ContinuousClock.Instant) async -> Verdict {
        var verdict = found
        if MediaType.isSchema1(manifest.mediaType) {
            verdict.notes.append("--deep: schema1 manifests are not checked further (no descriptors to follow)")
            return verdict
        }
        if !MediaType.isIndex(manifest.mediaType) && !http.options.platforms.isEmpty {
            switch await checkPlatforms(manifest, deadline: deadline) {
            case .success(let listed):
                verdict.platforms = listed.map(\.description)
            case .failure(let failure):
                return failed(
                    verdict, status: failure.problem.status, reason: failure.problem.reason,
                    httpStatus: failure.problem.httpStatus,
                    message: failure.problem.message, registryErrors: failure.problem.registryErrors)
            }
        }
        let seen = self.seen
        let requester = PullRequester(
            http: http, baseURL: manifest.baseURL, repository: reference.repository,
            authorization: manifest.auth.header, record: { seen.record($0) })
        let check = DeepCheck(
            registry: reference.registry, requester: requester, cache: pulls,
            platforms: http.options.platforms, deadline: deadline)
        let outcome = await check.run(digest: manifest.digest, size: manifest.size)
        verdict.deep = outcome.summary
        if let available = outcome.available { verdict.platforms = available.map(\.description) }
        if let failure = outcome.failure {
            var failed = failed(
                verdict, status: failure.status, reason: failure.reason, httpStatus: failure.httpStatus,
                message: failure.message)
            let more = outcome.summary.failures.count - 1
            if more > 0 { failed.message += " (and \(more) more: -o json lists them)" }
            return failed
        }
        let summary = outcome.summary
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let skipped = summary.blobsSkipped > 0 ? "; \(count(summary.blobsSkipped, "foreign layer")) not checked" : ""
        verdict.message +=
            "; what a pull fetches is there (\(count(summary.manifestsVerified, "manifest")), "
            + "\(count(summary.blobsVerified, "blob")))\(skipped)"
        return verdict
    }

    private func failed(
        _ verdict: Verdict, status: Status, reason: Reason, httpStatus: Int?, message: String,
        registryErrors: [DistributionError] = []
    ) -> Verdict {
        var verdict = verdict
        verdict.status = status
        verdict.reason = reason
        verdict.httpStatus = httpStatus ?? verdict.httpStatus
        verdict.message = message
        verdict.registryErrors = registryErrors
        verdict.hint = Hint.forVerdict(status: status, reference: reference, credentialSource: credentialSource)
        return verdict
    }

    private static func verdict(
        _ outcome: Result<Found, Problem>, reference: ImageReference,
        credentialSource: CredentialSource
    ) -> Verdict {
        switch outcome {
        case .success(let found):
            var notes = found.notes
            if MediaType.isSchema1(found.mediaType) {
                notes.append("schema1 manifest: Docker 28+ and containerd 2 refuse to pull schema1 images")
            }
            let size = found.size.map { ", \($0) bytes" } ?? ""
            return Verdict(
                image: reference.original, reference: reference, status: .exists, reason: .found,
                httpStatus: found.httpStatus,
                digest: found.digest, mediaType: found.mediaType, size: found.size,
                message: "found (\(Self.kindName(found.mediaType))\(size))",
                credentialSource: credentialSource, notes: notes)
        case .failure(let problem):
            return Verdict(
                image: reference.original, reference: reference, status: problem.status, reason: problem.reason,
                httpStatus: problem.httpStatus,
                message: problem.message,
                hint: Hint.forVerdict(status: problem.status, reference: reference, credentialSource: credentialSource),
                credentialSource: credentialSource, registryErrors: problem.registryErrors, rateLimit: problem.rateLimit
            )
        }
    }

    private func probe(deadline: ContinuousClock.Instant) async -> Result<Found, Problem> {
        // 1. Endpoint and challenge.
        let endpoint: RegistrySession.Endpoint
        switch await session.endpoint() {
        case .success(let value): endpoint = value
        case .failure(let problem): return .failure(problem)
        }
        let scope = Scope.pull(reference.repository)

        // 2. Authorization for the pull scope.
        var auth = Auth()
        if let challenge = endpoint.challenge {
            switch await authorize(challenge, scope: scope, refresh: false, deadline: deadline) {
            case .success(let value): auth = value
            case .failure(let problem): return .failure(problem)
            }
        }

        // 3. HEAD.
        let url = "\(endpoint.baseURL)/v2/\(reference.repository)/manifests/\(reference.identifier)"
        var head: HTTPResponse
        switch await request(.head, url, auth: auth, deadline: deadline) {
        case .success(let response): head = response
        case .failure(let problem): return .failure(problem)
        }

        // 4. One re-challenge on 401.
        if head.status == 401 {
            let challenges = AuthChallenge.parse(headerValues: head.headers.values("WWW-Authenticate"))
            // GCR-style registries send no challenge on later 401s: reuse the ping's.
            let challenge = AuthChallenge.preferred(challenges) ?? endpoint.challenge
            let tokenLacksPull = auth.token?.provablyLacks("pull", on: reference.repository) ?? false
            let worthRetrying =
                auth.header == nil
                ? (challenge != nil && (credential != nil || challenge?.scheme == "bearer"))
                : (challenge?.scheme == "bearer" && !tokenLacksPull)
            if worthRetrying, let challenge {
                let retryScope =
                    challenge.scope.flatMap(Scope.init(parsing:)).flatMap { $0.name == reference.repository ? $0 : nil }
                    ?? scope
                switch await authorize(challenge, scope: retryScope, refresh: auth.header != nil, deadline: deadline) {
                case .success(let value): auth = value
                case .failure(let problem): return .failure(problem)
                }
                if auth.header != nil {
                    switch await request(.head, url, auth: auth, deadline: deadline) {
                    case .success(let response): head = response
                    case .failure(let problem): return .failure(problem)
                    }
                }
            }
        }

        var notes: [String] = []
        switch head.status {
        case 200..<300:
            if let header = head.headers["Docker-Content-Digest"], let digest = Digest(parsing: header) {
                let mediaType = head.headers["Content-Type"].map(MediaType.essence) ?? "unknown"
                if !MediaType.isManifest(mediaType) {
                    notes.append("HEAD answered Content-Type \(mediaType); confirming with GET")
                } else {
                    return verify(
                        Found(
                            digest: digest.description, mediaType: mediaType,
                            size: head.headers["Content-Length"].flatMap(Int.init), httpStatus: head.status,
                            baseURL: endpoint.baseURL, auth: auth))
                }
            } else {
                notes.append(
                    "the registry's HEAD answer had no Docker-Content-Digest; the digest was computed from a GET")
            }
        case 400, 405, 501:
            notes.append("the registry refused HEAD (HTTP \(head.status)); the manifest was read with GET")
        case 401, 403:
            // A HEAD answer has no body: one GET reads the registry's own words for the message.
            if case .success(let get) = await request(.get, url, auth: auth, deadline: deadline),
                get.status == head.status, !DistributionError.parse(get.body).isEmpty
            {
                return .failure(classify(get, method: .get, auth: auth))
            }
            return .failure(classify(head, method: .head, auth: auth))
        default:
            return .failure(classify(head, method: .head, auth: auth))
        }

        // 5. GET and hash.
        let get: HTTPResponse
        switch await request(.get, url, auth: auth, maxBody: Self.maxManifestBytes, deadline: deadline) {
        case .success(let response): get = response
        case .failure(let problem): return .failure(problem)
        }
        guard (200..<300).contains(get.status) else {
            return .failure(classify(get, method: .get, auth: auth))
        }
        if get.bodyTruncated {
            return .failure(
                Problem(
                    .serverError, .manifestTooLarge, httpStatus: get.status,
                    message: "\(reference.registry) sent a manifest larger than 4 MiB for \(reference.identifier)"))
        }
        let contentType = get.headers["Content-Type"].map(MediaType.essence) ?? ""
        let mediaType: String
        if MediaType.isManifest(contentType) {
            mediaType = contentType
        } else if let declared = ManifestSniffer.mediaType(of: get.body) {
            mediaType = declared
            notes.append(
                "the registry sent Content-Type \(contentType.isEmpty ? "(none)" : contentType); the manifest declares \(declared)"
            )
        } else {
            return .failure(
                Problem(
                    .serverError, .notAManifest, httpStatus: get.status,
                    message:
                        "\(reference.registry) answered 200 with Content-Type \(contentType.isEmpty ? "(none)" : contentType), which is not an image manifest"
                ))
        }
        // A manifest is a JSON object, whatever Content-Type said (containerd decodes it before anything else).
        switch GoJSON.parse(get.body) {
        case .success(.object):
            break
        case .success:
            return .failure(
                Problem(
                    .serverError, .manifestNotJSON, httpStatus: get.status,
                    message:
                        "\(reference.registry) sent a manifest for \(reference.identifier) (Content-Type \(mediaType)) that is not a JSON object"
                ))
        case .failure(let error):
            return .failure(
                Problem(
                    .serverError, .manifestNotJSON, httpStatus: get.status,
                    message:
                        "\(reference.registry) sent a manifest for \(reference.identifier) (Content-Type \(mediaType)) that is not JSON (\(error.message) at byte \(error.offset))"
                ))
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
            Found(
                digest: digest, mediaType: mediaType, size: get.body.count, httpStatus: get.status, notes: notes,
                body: get.body, baseURL: endpoint.baseURL, auth: auth))
    }

    /// 7. `--platform`: an index must list every requested platform; a single manifest's config must be of it.
    /// Returns the platforms found (the index's, or the image's one).
    private struct PlatformFailure: Error {
        let problem: Problem
        let listed: [Platform]?
    }

    private func checkPlatforms(_ found: Found, deadline: ContinuousClock.Instant) async -> Result<
        [Platform], PlatformFailure
    > {
        switch await readPlatforms(found, deadline: deadline) {
        case .failure(let problem):
            return .failure(PlatformFailure(problem: problem, listed: nil))
        case .success(let available):
            let missing = http.options.platforms.filter { want in !available.contains { $0.satisfies(want) } }
            guard missing.isEmpty else {
                let have = available.isEmpty ? "none" : available.map(\.description).joined(separator: ", ")
                return .failure(
                    PlatformFailure(
                        problem: Problem(
                            .platformMissing, .platformMissing, httpStatus: 200,
                            message:
                                "no \(missing.map(\.description).joined(separator: ", ")) in the \(Self.kindName(found.mediaType)); it has: \(have)"
                        ),
                        listed: available))
            }
            return .success(available)
        }
    }

    private func readPlatforms(_ found: Found, deadline: ContinuousClock.Instant) async -> Result<[Platform], Problem> {
        let manifestURL = "\(found.baseURL)/v2/\(reference.repository)/manifests/\(found.digest)"
        var body = found.body
        if body == nil {
            switch await request(
                .get, manifestURL, auth: found.auth, maxBody: Self.maxManifestBytes, deadline: deadline)
            {
            case .success(let response) where response.status == 200 && !response.bodyTruncated: body = response.body
            case .success(let response): return .failure(classify(response, method: .get, auth: found.auth))
            case .failure(let problem): return .failure(problem)
            }
        }
        let available: [Platform]
        if MediaType.isIndex(found.mediaType) {
            guard let listed = ManifestBody.platforms(ofIndex: body ?? []) else {
                return .failure(
                    Problem(
                        .serverError, .indexUnparseable, httpStatus: 200,
                        message: "\(reference.registry) sent an index that does not parse"))
            }
            available = listed
        } else if MediaType.isSchema1(found.mediaType) {
            return .success([])  // schema1 names its architecture only in history; nothing reliable to compare
        } else {
            guard let configDigest = ManifestBody.configDigest(ofManifest: body ?? []) else {
                return .failure(
                    Problem(
                        .serverError, .manifestUnparseable, httpStatus: 200,
                        message: "\(reference.registry) sent a manifest without a config descriptor"))
            }
            let blobURL = "\(found.baseURL)/v2/\(reference.repository)/blobs/\(configDigest)"
            switch await request(.get, blobURL, auth: found.auth, maxBody: 1 << 20, deadline: deadline) {
            case .success(let response) where response.status == 200:
                guard let platform = ManifestBody.platform(ofConfig: response.body) else {
                    return .failure(
                        Problem(
                            .serverError, .configWithoutPlatform, httpStatus: 200,
                            message: "the image config \(configDigest) names no os/architecture"))
                }
                available = [platform]
            case .success(let response):
                return .failure(classify(response, method: .get, auth: found.auth))
            case .failure(let problem):
                return .failure(problem)
            }
        }
        return .success(available)
    }

    /// 6. A digest reference must get back the manifest it names.
    private func verify(_ found: Found) -> Result<Found, Problem> {
        if let wanted = reference.digest, found.digest != wanted.description {
            return .failure(
                Problem(
                    .serverError, .digestMismatch, httpStatus: found.httpStatus,
                    message: "registry returned a different manifest: asked for \(wanted), got \(found.digest)"))
        }
        return .success(found)
    }

    private func authorize(
        _ challenge: AuthChallenge, scope: Scope, refresh: Bool,
        deadline: ContinuousClock.Instant
    ) async -> Result<Auth, Problem> {
        switch await session.authorization(challenge: challenge, scope: scope, refresh: refresh, deadline: deadline) {
        case .success(let value):
            let scheme: ManifestAnswer.AuthScheme =
                value.header == nil ? .none : (challenge.scheme == "bearer" ? .bearer : .basic)
            return .success(Auth(header: value.header, token: value.token, scheme: scheme))
        case .failure(let problem):
            return .failure(problem)
        }
    }

    private func request(
        _ method: HTTPRequest.Method, _ url: String, auth: Auth, maxBody: Int = 64 * 1024,
        deadline: ContinuousClock.Instant
    ) async -> Result<HTTPResponse, Problem> {
        var headers = HTTPHeaders()
        headers.add("Accept", MediaType.acceptHeader)
        if let header = auth.header { headers.add("Authorization", header) }
        do {
            let response = try await http.send(method, url, headers: headers, maxBodyBytes: maxBody, deadline: deadline)
            seen.record(response.headers)
            return .success(response)
        } catch {
            return .failure(Problem(doing: "\(method.rawValue) \(url)", transport: error))
        }
    }

    private func classify(_ response: HTTPResponse, method: HTTPRequest.Method, auth: Auth) -> Problem {
        let answer = ManifestAnswer(
            method: method, status: response.status, errors: DistributionError.parse(response.body),
            rateLimit: RateLimit(headers: response.headers),
            username: auth.header == nil ? nil : credential?.username, authScheme: auth.scheme)
        return Classification.classify(answer, reference: reference)
    }

    static func kindName(_ mediaType: String) -> String {
        switch MediaType.essence(mediaType) {
        case MediaType.ociIndex: return "OCI image index"
        case MediaType.ociManifest: return "OCI image manifest"
        case MediaType.dockerManifestList: return "Docker manifest list"
        case MediaType.dockerManifest: return "Docker image manifest v2"
        case MediaType.dockerSchema1, MediaType.dockerSchema1Signed: return "Docker schema1 manifest"
        default: return mediaType
        }
    }
}
