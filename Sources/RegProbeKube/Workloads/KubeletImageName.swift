import RegProbe

/// An image string as kubelet reads it (R2, K: `pkg/util/parsers/parsers.go` `ParseImageName` over
/// distribution/reference `ParseNormalizedNamed`): what it looks credentials up with (`repoToPull`), and the tag
/// and digest that decide the default pull policy. Rules `R2.x`: `docs/kubelet-credentials.md`.
public struct KubeletImageName: Sendable, Hashable {
    /// The image exactly as written in the spec.
    public let image: String
    /// R2.1 `splitDockerDomain`: `docker.io` when the first component is not a domain; `index.docker.io` becomes
    /// `docker.io`; case kept (R2.3).
    public let domain: String
    /// The repository path; `library/` prepended for a one-component path on `docker.io`.
    public let path: String
    /// The tag as written (nil when none).
    public let tag: String?
    /// The digest as written (nil when none).
    public let digest: String?
    /// regprobe's parse of the same image, to check it; nil when kubelet accepts a name regprobe cannot represent
    /// (an uppercase first component such as `MyRegistry/app` is a host for kubelet, R2.1). Read as
    /// `ParseNormalizedNamed` reads it (`ImageReference.parseAsNormalizedNamed`): a host distribution reads as part
    /// of the path (`my_registry.example.com`, R2.7), a port above 65535 (R2.8) and a name over 255 characters
    /// whose path is not (R2.9) are kept, as kubelet keeps them.
    public let reference: ImageReference?

    /// R2.7: the domain breaks distribution/reference's host grammar (a `_`, as in `my_registry.example.com/app`),
    /// and kubelet accepts the image only because the grammar reads the whole name as a repository path.
    public var hostOutsideDomainGrammar: Bool {
        guard let reference else { return false }
        return !reference.registry.fitsDomainGrammar
    }

    /// `named.Name()`, what `Lookup` is called with: `docker.io/library/nginx`, `reg.io:5000/team/app` (R2).
    public var repoToPull: String { domain + "/" + path }

    /// `ParseImageName`'s tag: the tag, or `latest` when there is neither a tag nor a digest.
    public var defaultedTag: String? {
        if let tag { return tag }
        return digest == nil ? "latest" : nil
    }

    /// Parses like `ParseNormalizedNamed`; the error says why kubelet would report `InvalidImageName`.
    public static func parse(_ image: String) -> Result<KubeletImageName, ReferenceError> {
        let parsed = ImageReference.parseAsNormalizedNamed(image)
        let (nameOnly, tag, digest) = splitTagAndDigest(image)
        let (domain, path) = splitDockerDomain(nameOnly)
        switch parsed {
        case .success(let reference):
            return .success(
                KubeletImageName(
                    image: image, domain: domain, path: path, tag: tag, digest: digest,
                    reference: reference))
        case .failure(let error):
            // R2.1: a first component with an uppercase letter is a domain for kubelet, while regprobe's grammar
            // reads it as a (non-lowercase, so invalid) path. Check the rest as kubelet would.
            guard error.kind == .uppercaseName, domain != "docker.io",
                RegistryHost(validating: domain) != nil
            else {
                return .failure(error)
            }
            // Same path, tag and digest behind a host regprobe accepts: valid for kubelet iff this parses (the
            // length limit counts the path only, R2.9).
            var probe = "localhost/" + path
            if let tag { probe += ":" + tag }
            if let digest { probe += "@" + digest }
            if case .failure(let other) = ImageReference.parseAsNormalizedNamed(probe) {
                return .failure(ReferenceError(input: image, reason: other.reason, kind: other.kind))
            }
            return .success(
                KubeletImageName(
                    image: image, domain: domain, path: path, tag: tag, digest: digest,
                    reference: nil))
        }
    }

    /// `name[:tag][@digest]`: the digest after the first `@`, the tag after the last `:` that follows the last `/`.
    static func splitTagAndDigest(_ image: String) -> (name: String, tag: String?, digest: String?) {
        var name = Substring(image)
        var digest: String?
        if let at = name.firstIndex(of: "@") {
            digest = String(name[name.index(after: at)...])
            name = name[..<at]
        }
        var tag: String?
        let afterSlash = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        if let colon = name[afterSlash...].lastIndex(of: ":") {
            tag = String(name[name.index(after: colon)...])
            name = name[..<colon]
        }
        return (String(name), tag, digest)
    }

    /// R2.1 `splitDockerDomain`: the first component is the domain iff the name has a `/` and the component is
    /// `localhost`, or contains `.` or `:`, or has an uppercase letter; `index.docker.io` → `docker.io`; on
    /// `docker.io` a path without `/` gets `library/`.
    static func splitDockerDomain(_ name: String) -> (domain: String, path: String) {
        var domain = "docker.io"
        var remainder = name
        if let slash = name.firstIndex(of: "/") {
            let first = name[..<slash]
            // R2.1: localhost, a "." or ":", or an uppercase letter makes the first component a domain (case kept,
            // R2.3: `Registry.Example.com` stays as written and matches keys case-sensitively).
            if first == "localhost" || first.contains(".") || first.contains(":")
                || first.unicodeScalars.contains(where: { $0.value >= 0x41 && $0.value <= 0x5A })
            {
                domain = String(first)
                remainder = String(name[name.index(after: slash)...])
            }
        }
        if domain == "index.docker.io" { domain = "docker.io" }  // R2.1: the legacy Hub name
        // R2.1: only on docker.io does a one-component path get library/.
        if domain == "docker.io" && !remainder.contains("/") { remainder = "library/" + remainder }
        return (domain, remainder)
    }
}
