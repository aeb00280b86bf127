import RegProbe

/// One item of `-o json`'s `results`: the wire form of a `Verdict`. Fields are always present (null when
/// unknown) so consumers can rely on the shape. The README lists them.
struct ResultRecord: Encodable, Sendable {
    let verdict: Verdict

    init(_ verdict: Verdict) { self.verdict = verdict }

    enum Key: String, CodingKey {
        case image, reference, registry, repository, tag, digest, mediaType, size, status, reason, httpStatus, message,
            hint,
            credentialSource, notes, warnings, platforms, rateLimit, registryErrors, depth, deep, endpoint,
            endpointsTried
    }

    /// `endpointsTried`: a host of the hosts directory that was left, and why.
    private struct EndpointRecord: Encodable {
        let endpoint: String
        let role: String
        let status: String
        let message: String
    }

    /// `deep`: what `--deep` verified and what failed.
    private struct DeepRecord: Encodable {
        let manifestsVerified: Int
        let blobsVerified: Int
        let blobsSkipped: Int
        let failures: [String]
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let ref = verdict.reference
        try c.encode(verdict.image, forKey: .image)
        try c.encode(ref?.normalized, forKey: .reference)
        try c.encode(ref?.registry.name, forKey: .registry)
        try c.encode(ref?.repository, forKey: .repository)
        try c.encode(ref?.effectiveTag, forKey: .tag)
        try c.encode(verdict.digest ?? ref?.digest?.description, forKey: .digest)
        try c.encode(verdict.mediaType, forKey: .mediaType)
        try c.encode(verdict.size, forKey: .size)
        try c.encode(verdict.status.rawValue, forKey: .status)
        try c.encode(verdict.reason.rawValue, forKey: .reason)
        try c.encode(verdict.httpStatus, forKey: .httpStatus)
        try c.encode(verdict.message, forKey: .message)
        try c.encode(verdict.hint, forKey: .hint)
        try c.encode(verdict.credentialSource.description, forKey: .credentialSource)
        try c.encode(verdict.notes, forKey: .notes)
        try c.encode(verdict.warnings, forKey: .warnings)
        try c.encode(verdict.platforms, forKey: .platforms)
        try c.encode(verdict.rateLimit, forKey: .rateLimit)
        try c.encode(verdict.registryErrors, forKey: .registryErrors)
        try c.encode(verdict.depth.rawValue, forKey: .depth)
        try c.encode(
            verdict.deep.map {
                DeepRecord(
                    manifestsVerified: $0.manifestsVerified, blobsVerified: $0.blobsVerified,
                    blobsSkipped: $0.blobsSkipped, failures: $0.failures)
            }, forKey: .deep)
        try c.encode(verdict.endpoint, forKey: .endpoint)
        try c.encode(
            verdict.endpointsTried.map {
                EndpointRecord(endpoint: $0.endpoint, role: $0.role, status: $0.status.rawValue, message: $0.message)
            }, forKey: .endpointsTried)
    }
}
