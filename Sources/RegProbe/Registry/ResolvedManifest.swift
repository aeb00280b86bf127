/// What a reference resolved to (`ManifestResolve`): the manifest's digest, media type and size, and its bytes when a
/// GET read them.
struct ResolvedManifest: Sendable {
    var digest: String
    var mediaType: String
    var size: Int?
    /// The HTTP status of the answer it rests on.
    var httpStatus: Int
    /// What is worth knowing about how it was found (a HEAD refused, a Content-Type that lied).
    var notes: [String] = []
    /// The manifest bytes, when a GET read them.
    var body: [UInt8]? = nil
}
