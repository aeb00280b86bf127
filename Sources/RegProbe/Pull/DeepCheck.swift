/// `--deep`: what containerd (kubelet's puller) fetches, checked without downloading a layer.
///  1. the manifest by digest (the digest the tag resolved to, or the one given), hash and size verified;
///  2. an index: the children a pull of the asked platforms (or of every real platform) needs, each by digest;
///  3. each image manifest: its config must be an image config (else `not-an-image`), and the config and every
///     layer blob must be there (`BlobPresence`); foreign layers (`urls`) are noted, not checked.
/// Manifests and blobs are shared across the run (`PullCache`): each is asked once.
/// https://github.com/containerd/containerd/blob/v1.6.20/images/handlers.go (`Dispatch`, `ChildrenHandler`),
/// https://github.com/containerd/containerd/blob/v1.6.20/pull.go
struct DeepCheck {
    /// Where manifests and blobs are fetched (the registry, or a hosts directory's hosts in fetch order).
    let hosts: FetchHosts
    let cache: PullCache
    let platforms: [Platform]
    let deadline: ContinuousClock.Instant

    /// The outcome: a summary, and why a pull would fail (the first failure; the summary lists them all).
    struct Outcome: Sendable {
        var summary = DeepSummary()
        var problem: Problem?
        /// With platforms asked for: the index's platforms.
        var available: [Platform]?
    }

    /// `top`: the manifest the reference resolved to, with its size when the registry said it.
    func run(digest: String, size: Int?) async -> Outcome {
        var outcome = Outcome()
        let top: FetchedManifest
        switch await manifest(digest: digest, size: size) {
        case .success(let value): top = value
        case .failure(let failure):
            fail(&outcome, failure, what: "the manifest \(digest) that the reference resolves to")
            return outcome
        }
        outcome.summary.manifestsVerified += 1
        guard let parsed = PullManifest.parse(top.body, mediaType: top.mediaType) else {
            if MediaType.isSchema1(top.mediaType) { return outcome }  // no descriptors to follow
            fail(
                &outcome,
                PullFailure(
                    status: .serverError, reason: .manifestUnparseable, detail: "it does not parse as \(top.mediaType)"),
                what: "the manifest \(digest)")
            return outcome
        }
        switch parsed {
        case .image(let config, let layers, let artifactType):
            await checkImage(config: config, layers: layers, artifactType: artifactType, label: nil, into: &outcome)
        case .index(let children):
            let choice = PlatformSelection.choose(children, wanted: platforms)
            if !platforms.isEmpty { outcome.available = choice.available }
            if !choice.missing.isEmpty {
                let have =
                    choice.available.isEmpty ? "none" : choice.available.map(\.description).joined(separator: ", ")
                outcome.problem = Problem(
                    .platformMissing, .platformMissing, httpStatus: 200,
                    message:
                        "no \(choice.missing.map(\.description).joined(separator: ", ")) in the index; it has: \(have)"
                )
                return outcome
            }
            if choice.chosen.isEmpty {
                fail(
                    &outcome,
                    PullFailure(
                        status: .notAnImage, reason: .noPlatformInIndex, detail: "it lists no manifest for any platform"
                    ),
                    what: "the index \(digest)")
                return outcome
            }
            for child in choice.chosen {
                let label = child.realPlatform?.description ?? "?"
                let childDigest = child.digest!
                switch await manifest(digest: childDigest, size: child.size) {
                case .failure(let failure):
                    fail(&outcome, failure, what: "the \(label) manifest \(childDigest)")
                case .success(let fetched):
                    outcome.summary.manifestsVerified += 1
                    guard
                        case .image(let config, let layers, let artifactType)? =
                            PullManifest.parse(fetched.body, mediaType: fetched.mediaType)
                    else {
                        fail(
                            &outcome,
                            PullFailure(
                                status: .serverError, reason: .manifestUnparseable,
                                detail: "it is not an image manifest"),
                            what: "the \(label) manifest \(childDigest)")
                        continue
                    }
                    await checkImage(
                        config: config, layers: layers, artifactType: artifactType, label: label,
                        into: &outcome)
                }
            }
        }
        return outcome
    }

    private func checkImage(
        config: PullManifest.Descriptor, layers: [PullManifest.Descriptor], artifactType: String?,
        label: String?, into outcome: inout Outcome
    ) async {
        let of = label.map { " of \($0)" } ?? ""
        if let reason = ImageConfigRule.notAnImage(config: config, artifactType: artifactType) {
            fail(
                &outcome, PullFailure(status: .notAnImage, reason: .notAnImage, detail: reason),
                what: "the manifest\(of)")
            return
        }
        var blobs: [(PullManifest.Descriptor, String)] = [(config, "the config\(of)")]
        for (index, layer) in layers.enumerated() {
            blobs.append((layer, "layer \(index + 1) of \(layers.count)\(of)"))
        }
        for (descriptor, role) in blobs {
            guard let digest = descriptor.digest else {
                fail(
                    &outcome,
                    PullFailure(status: .serverError, reason: .manifestUnparseable, detail: "it has no digest"),
                    what: role)
                continue
            }
            if let urls = descriptor.urls, !urls.isEmpty {
                outcome.summary.blobsSkipped += 1  // foreign layer: fetched from its urls, not from this registry
                continue
            }
            let size = descriptor.size
            let hosts = self.hosts
            let deadline = self.deadline
            let result = await cache.blobs.answer(key(digest)) {
                await BlobPresence.check(digest: digest, size: size, hosts: hosts, deadline: deadline)
            }
            switch result {
            case .success: outcome.summary.blobsVerified += 1
            case .failure(let failure):
                let sized = size.map { ", \($0) bytes" } ?? ""
                fail(&outcome, failure, what: "\(role) (\(digest)\(sized))")
            }
        }
    }

    private func manifest(digest: String, size: Int?) async -> Result<FetchedManifest, PullFailure> {
        let hosts = self.hosts
        let deadline = self.deadline
        return await cache.manifests.answer(key(digest)) {
            await ManifestFetch.fetch(digest: digest, size: size, hosts: hosts, deadline: deadline)
        }
    }

    /// Keyed by the first host: a registry's fetch order is the same for every image of the run.
    private func key(_ digest: String) -> PullCache.Key {
        let first = hosts.clients[0]
        return PullCache.Key(
            registry: first.session.registry, credential: first.credential, route: first.session.route,
            repository: first.repository, digest: digest)
    }

    /// Records a failure; the first one is the outcome's problem, and its message counts the others.
    private func fail(_ outcome: inout Outcome, _ failure: PullFailure, what: String) {
        let line = "\(what): \(failure.detail)"
        outcome.summary.failures.append(line)
        let more = outcome.summary.failures.count - 1
        if more == 0 {
            outcome.problem = Problem(failure.status, failure.reason, httpStatus: failure.httpStatus, message: line)
        } else {
            outcome.problem?.message = outcome.summary.failures[0] + " (and \(more) more)"
        }
    }
}
