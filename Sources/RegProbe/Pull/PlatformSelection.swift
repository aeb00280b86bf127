/// Which children of an index a pull fetches, as containerd chooses them
/// (https://github.com/containerd/containerd/blob/v1.6.20/images/handlers.go, `LimitManifests` and
/// `platforms.Only`): with platforms asked for, for each one the first child that serves it; without, every child
/// that has a real platform. Attestation manifests (`unknown/unknown`, `vnd.docker.reference.type:
/// attestation-manifest`) are never pulled.
enum PlatformSelection {
    struct Choice: Sendable {
        let chosen: [PullManifest.Descriptor]
        /// Asked-for platforms no child serves.
        let missing: [Platform]
        /// The platforms the index lists (attestations left out).
        let available: [Platform]
    }

    static func choose(_ children: [PullManifest.Descriptor], wanted: [Platform]) -> Choice {
        let candidates = children.filter { !$0.isAttestation && $0.realPlatform != nil && $0.digest != nil }
        let available = candidates.compactMap(\.realPlatform)
        guard !wanted.isEmpty else { return Choice(chosen: candidates, missing: [], available: available) }
        var chosen: [PullManifest.Descriptor] = []
        var missing: [Platform] = []
        for platform in wanted {
            if let child = candidates.first(where: { $0.realPlatform!.satisfies(platform) }) {
                if !chosen.contains(child) { chosen.append(child) }
            } else {
                missing.append(platform)
            }
        }
        return Choice(chosen: chosen, missing: missing, available: available)
    }
}
