/// One image's check, as the steps of a pull, each in a file of its own; the `Verdict` is built once, at the end:
///  1. `ManifestResolve`: the reference to a manifest (HEAD, GET where needed, digest verified);
///  2. without `--deep`, `PlatformCheck` when platforms are asked for;
///  3. with `--deep`, `DeepCheck`: the manifest by digest, the index's children, the config and the layers
///     (a single image asked for platforms is compared first, its config names its platform).
/// Every request goes through a `RegistryClient` (headers, authorization, the single re-challenge). With
/// `--hosts-dir` there is one per host the hosts directory lets resolve the reference, asked in containerd's order:
/// the first that answers decides (and serves the later steps), and when none does the first error is the verdict.
/// https://github.com/containerd/containerd/blob/v1.6.20/remotes/docker/resolver.go (`Resolve`)
struct ImageCheck {
    let reference: ImageReference
    let credentialSource: CredentialSource
    /// One, or with `--hosts-dir` the hosts in containerd's order.
    let clients: [RegistryClient]
    /// With `--hosts-dir`: the hosts `--deep` fetches manifests and blobs from, in containerd's fetch order (a 404
    /// moves on to the next). Empty: the host that resolved.
    let fetchClients: [RegistryClient]
    let request: CheckRequest
    /// The run's manifests and blobs already checked (`--deep`).
    let pulls: PullCache

    /// Where the steps got to: what the reference resolved to (if it did), and what stopped the check (if anything).
    private struct Outcome {
        var resolved: ResolvedManifest?
        var problem: Problem?
        var platforms: [Platform]?
        var deep: DeepSummary?
        var notes: [String] = []
        /// With `--hosts-dir`: the host that answered, and those left before it.
        var endpoint: String?
        var tried: [EndpointAttempt] = []
        /// The client whose answers the verdict's notes (warnings, rate limits) come from.
        var client: RegistryClient?
    }

    func run() async -> Verdict {
        let outcome = await steps(deadline: request.deadline)
        return verdict(outcome, seen: await outcome.client?.notes ?? ResponseNotes())
    }

    /// Step 1 over the hosts, in order.
    private func resolve(
        deadline: ContinuousClock.Instant, into outcome: inout Outcome
    ) async -> (RegistryClient, ResolvedManifest)? {
        for client in clients {
            outcome.client = client
            let route = client.session.route
            switch await ManifestResolve.resolve(reference, client: client, deadline: deadline) {
            case .success(let resolved):
                outcome.endpoint = route?.display
                return (client, resolved)
            case .failure(let problem):
                if outcome.problem == nil { outcome.problem = problem }
                if let route {
                    outcome.tried.append(
                        EndpointAttempt(
                            endpoint: route.display, role: route.role, status: problem.status,
                            message: problem.message))
                }
            }
        }
        return nil
    }

    private func steps(deadline: ContinuousClock.Instant) async -> Outcome {
        var outcome = Outcome()
        guard let found = await resolve(deadline: deadline, into: &outcome) else { return outcome }
        let (client, resolved) = found
        outcome.problem = nil
        outcome.resolved = resolved
        outcome.notes = resolved.notes
        let schema1 = MediaType.isSchema1(resolved.mediaType)
        if schema1 {
            outcome.notes.append("schema1 manifest: Docker 28+ and containerd 2 refuse to pull schema1 images")
        }
        if schema1 && request.depth == .pull {
            outcome.notes.append("deep check: schema1 manifests are not checked further (no descriptors to follow)")
            return outcome
        }
        let platformsFirst =
            !request.platforms.isEmpty && (request.depth == .manifest || !MediaType.isIndex(resolved.mediaType))
        if platformsFirst {
            switch await PlatformCheck.check(
                request.platforms, in: resolved, of: reference, client: client, deadline: deadline)
            {
            case .success(let listed):
                outcome.platforms = listed
            case .failure(let failure):
                outcome.problem = failure.problem
                outcome.platforms = failure.listed
                return outcome
            }
        }
        guard request.depth == .pull else { return outcome }
        let hosts = FetchHosts(fetchClients.isEmpty ? [client] : fetchClients)
        let deep = await DeepCheck(hosts: hosts, cache: pulls, platforms: request.platforms, deadline: deadline)
            .run(digest: resolved.digest, size: resolved.size)
        outcome.deep = deep.summary
        outcome.problem = deep.problem
        if let available = deep.available { outcome.platforms = available }
        return outcome
    }

    private func verdict(_ outcome: Outcome, seen: ResponseNotes) -> Verdict {
        let resolved = outcome.resolved
        let status: Status
        let reason: Reason
        let message: String
        if let problem = outcome.problem {
            (status, reason, message) = (problem.status, problem.reason, problem.message)
        } else {
            (status, reason, message) = (.exists, .found, Self.found(resolved!, deep: outcome.deep))
        }
        return Verdict(
            image: reference.original, reference: reference, status: status, reason: reason,
            httpStatus: outcome.problem?.httpStatus ?? resolved?.httpStatus,
            digest: resolved?.digest, mediaType: resolved?.mediaType, size: resolved?.size, message: message,
            credentialSource: credentialSource, registryErrors: outcome.problem?.registryErrors ?? [],
            rateLimit: outcome.problem?.rateLimit ?? seen.rateLimit, notes: outcome.notes, warnings: seen.warnings,
            platforms: outcome.platforms?.map(\.description), depth: request.depth, deep: outcome.deep,
            endpoint: outcome.endpoint, endpointsTried: outcome.tried)
    }

    /// "found (OCI image index, 1234 bytes)", and with `--deep` what was verified.
    private static func found(_ manifest: ResolvedManifest, deep: DeepSummary?) -> String {
        let size = manifest.size.map { ", \($0) bytes" } ?? ""
        var message = "found (\(MediaType.kindName(manifest.mediaType))\(size))"
        if let deep {
            func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            let skipped = deep.blobsSkipped > 0 ? "; \(count(deep.blobsSkipped, "foreign layer")) not checked" : ""
            message +=
                "; what a pull fetches is there (\(count(deep.manifestsVerified, "manifest")), "
                + "\(count(deep.blobsVerified, "blob")))\(skipped)"
        }
        return message
    }
}
