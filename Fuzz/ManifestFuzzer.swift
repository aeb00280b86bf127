// libFuzzer driver: what regprobe reads from a manifest answer — the body's declared media type
// (`ManifestSniffer.mediaType(of:)`), the registry's error body (`DistributionError.parse`), the body's digest
// (`ManifestDigester.digest`), and the `Content-Type` header (`MediaType.essence`, `isManifest`, ...).
//
// Input: the response body (and, for the header functions, its first 512 bytes as text).
// Invariants (a violation traps): nothing traps; a sniffed media type is one regprobe asks for; error codes
// are uppercased and an empty body has no errors; each digest is `algorithm:hex` that `Digest(parsing:)`
// accepts, is deterministic, and unsupported algorithms give nil; `essence` is idempotent and
// `isManifest` agrees with it.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ManifestFuzzer.check(FuzzSupport.bytes(data, size))
    return 0
}

enum ManifestFuzzer {
    static func check(_ body: [UInt8]) {
        if let mediaType = ManifestSniffer.mediaType(of: body) {
            fuzzRequire(
                MediaType.manifestAccept.contains(mediaType), "sniffed a media type we never ask for: \(mediaType)")
        }

        let errors = DistributionError.parse(body)
        if body.isEmpty { fuzzRequire(errors.isEmpty, "errors from an empty body") }
        for error in errors {
            fuzzRequire(
                error.code == error.code.uppercased(), "error code not uppercased: \(error.code.debugDescription)")
        }
        let summary = DistributionError.summary(errors)
        fuzzRequire((summary == nil) == errors.isEmpty, "summary of no errors")

        for algorithm in Digest.supportedAlgorithms {
            guard let digest = ManifestDigester.digest(body, algorithm: algorithm) else {
                fatalError("fuzz invariant violated: no \(algorithm) digest")
            }
            fuzzRequire(Digest(parsing: digest)?.algorithm == algorithm, "digest \(digest) does not validate")
            fuzzRequire(ManifestDigester.digest(body, algorithm: algorithm) == digest, "digest is not deterministic")
        }
        fuzzRequire(ManifestDigester.digest(body, algorithm: "md5") == nil, "digest for an unsupported algorithm")

        let contentType = String(decoding: body.prefix(512), as: UTF8.self)
        let essence = MediaType.essence(contentType)
        fuzzRequire(MediaType.essence(essence) == essence, "essence is not idempotent: \(contentType.debugDescription)")
        fuzzRequire(
            MediaType.isManifest(contentType) == MediaType.manifestAccept.contains(essence), "isManifest disagrees")
        if MediaType.isIndex(contentType) || MediaType.isSchema1(contentType) {
            fuzzRequire(MediaType.isManifest(contentType), "an index or schema1 type that is not a manifest type")
        }
        _ = MediaType.kindName(essence)
    }
}
