/// One image's check, as the steps of a pull, each in a file of its own; the `Verdict` is built once, at the end:
///  1. `ManifestResolve`: the reference to a manifest (HEAD, GET where needed, digest verified);
///  2. without `--deep`, `PlatformCheck` when platforms are asked for;
///  3. with `--deep`, `DeepCheck`: the manifest by digest, the index's children, the config and the layers
///     (a single image asked for platforms is compared first, its config names its platform).
/// Every request goes through the check's `RegistryClient` (headers, authorization, the single re-challenge).
struct ImageCheck {
    let reference: ImageReference
    let credentialSource: CredentialSource
    let client: RegistryClient
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
    }

    func run() async -> Verdict {
        let outcome = await steps(deadline: request.deadline)
        return verdict(outcome, seen: await client.notes)
    }

    private func steps(deadline: ContinuousClock.Instant) async -> Outcome {
        var outcome = Outcome()
        let resolved: ResolvedManifest
        switch await ManifestResolve.resolve(reference, client: client, deadline: deadline) {
        case .success(let value): resolved = value
        case .failure(let problem):
            outcome.problem = problem
            return outcome
        }
        outcome.resolved = resolved
        outcome.notes = resolved.notes
        let schema1 = MediaType.isSchema1(resolved.mediaType)
        if schema1 {
            outcome.notes.append("schema1 manifest: Docker 28+ and containerd 2 refuse to pull schema1 images")
        }
        if schema1 && request.depth == .pull {
            outcome.notes.append("--deep: schema1 manifests are not checked further (no descriptors to follow)")
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
        let deep = await DeepCheck(client: client, cache: pulls, platforms: request.platforms, deadline: deadline)
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
            platforms: outcome.platforms?.map(\.description), depth: request.depth, deep: outcome.deep)
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
