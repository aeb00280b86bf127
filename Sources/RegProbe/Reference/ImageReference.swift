/// A parsed, validated and normalised container image reference: `[registry/]repository[:tag][@digest]`.
///
/// Parsing follows distribution/reference, which is what docker and the kubelet use
/// (`ParseNormalizedNamed` / `ParseDockerRef`):
/// - grammar: https://github.com/distribution/reference/blob/main/reference.go (and `regexp.go`);
/// - Docker Hub normalisation: https://github.com/distribution/reference/blob/main/normalize.go
///   (`splitDockerDomain`: `nginx` → `docker.io/library/nginx`, `index.docker.io` → `docker.io`).
///
/// Unlike `ParseDockerRef`, a reference with both a tag and a digest keeps both (the digest is
/// what gets resolved; see ``identifier``), and no tag is invented when a digest is given.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The input exactly as given.
    public let original: String
    /// The registry; `docker.io` when the reference names none.
    public let registry: RegistryHost
    /// The repository path on that registry: `"library/nginx"`, `"team/app"`.
    public let repository: String
    /// The tag written in the reference, if any (no default applied).
    public let tag: String?
    /// The digest written in the reference, if any.
    public let digest: Digest?

    /// The tag to resolve: ``tag``, or `"latest"` when neither a tag nor a digest was given;
    /// `nil` for a digest-only reference (`TagNameOnly` in `normalize.go`).
    public var effectiveTag: String? {
        if let tag { return tag }
        return digest == nil ? "latest" : nil
    }

    /// What goes in `/v2/<repository>/manifests/<identifier>`: the digest when there is one,
    /// otherwise ``effectiveTag``.
    public var identifier: String {
        if let digest { return digest.description }
        return effectiveTag ?? "latest"
    }

    /// `registry/repository`, e.g. `"docker.io/library/nginx"`.
    public var name: String { registry.name + "/" + repository }

    /// Fully qualified form: `"docker.io/library/nginx:latest"`,
    /// `"ghcr.io/org/app:1@sha256:…"`, `"reg:5000/a/b@sha256:…"`. Parsing it again yields the
    /// same normalised reference.
    public var normalized: String {
        var s = name
        if let effectiveTag { s += ":" + effectiveTag }
        if let digest { s += "@" + digest.description }
        return s
    }

    public var description: String { normalized }

    /// Parses and validates `input` (see ``parse(_:)``), throwing the ``ReferenceError``.
    public init(_ input: String) throws(ReferenceError) {
        self = try ImageReference.parse(input).get()
    }

    /// Unchecked memberwise initialiser for in-module use (values must already be valid and
    /// normalised); everything else goes through ``parse(_:)``.
    init(original: String, registry: RegistryHost, repository: String, tag: String?, digest: Digest?) {
        self.original = original
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses an image reference the way docker and the kubelet interpret it.
    ///
    /// Steps (each failure is a ``ReferenceError`` with a specific `reason`; nothing traps):
    /// 1. Empty input, leading/trailing whitespace and URL schemes (`://`) are refused; nothing
    ///    is trimmed.
    /// 2. `name[:tag][@digest]`: the digest follows the last `@`; the tag follows the last `:`
    ///    after the last `/` (so `localhost:5000` alone is the Docker Hub repository
    ///    `library/localhost` with tag `5000`, as in distribution's `reference_test.go`).
    /// 3. A whole input of exactly 64 lowercase hex characters is refused, as
    ///    `ParseNormalizedNamed` does (it would be ambiguous with an image ID).
    /// 4. The first `/`-separated component is the registry iff it contains `.` or `:` or is
    ///    exactly `localhost` (`splitDockerDomain`); otherwise the registry is `docker.io`.
    ///    An uppercase first component such as `Foo/bar` is therefore a path, and refused as not
    ///    lowercase (regprobe's rule; upstream `splitDockerDomain` would take `Foo` as a host).
    /// 5. The registry must match `domain` (host names, IPv4, bracketed IPv6 without zone, optional
    ///    port ≤ 65535); the path must match `path-component ('/' path-component)*`.
    /// 6. The name as written (registry + `/` + path, or the path alone) must be ≤ 255 characters.
    /// 7. The tag must match `[\w][\w.-]{0,127}`; the digest must be a supported, lowercase-hex
    ///    digest of the right length (see ``Digest``).
    /// 8. `docker.io`, `index.docker.io` and `registry-1.docker.io` become `docker.io`, and a
    ///    single-component path on Docker Hub gets the `library/` prefix.
    public static func parse(_ input: String) -> Result<ImageReference, ReferenceError> {
        do {
            return .success(try parseOrThrow(input, asNormalizedNamed: false))
        } catch {
            return .failure(ReferenceError(input: input, reason: error.reason, kind: error.kind))
        }
    }

    /// Parses as distribution/reference v0.6.0 `ParseNormalizedNamed` does where ``parse(_:)`` is stricter: what
    /// kubelet accepts and hands to the runtime (`RegProbeKube`'s `KubeletImageName`). The core check keeps
    /// ``parse(_:)``. Three differences, from the grammar and the code as written
    /// (https://github.com/distribution/reference/blob/v0.6.0/regexp.go,
    /// https://github.com/distribution/reference/blob/v0.6.0/reference.go `Parse`):
    /// 1. The port is `optionalPort = (?::[0-9]+)?`, any digits with no range: `reg.example.com:65536/app` parses.
    ///    No connection can be made to a port above 65535 (``RegistryHost/outOfRangePort``), so a check of such a
    ///    reference sends nothing.
    /// 2. A first component that `splitDockerDomain` takes for a domain (it has a `.`) but that breaks the host
    ///    grammar, while the whole name is a valid lowercase repository path: `my_registry.example.com/app`, as
    ///    `_` is a path separator and no host character. `ReferenceRegexp`'s domain is optional, so `Parse`
    ///    matches the whole name as the path with no domain, and `Name()` stays the name as written; the runtime
    ///    (containerd's resolver, up to the first `/`) dials that first component. It is this reference's registry.
    /// 3. The 255-character limit applies to the repository path alone, not to the domain (v0.6.0, "Exclude domain
    ///    from name length check": `if len(repo.path) > RepositoryNameTotalLengthMax`), with the `library/` that
    ///    `splitDockerDomain` adds on Docker Hub; for case 2 the path is the whole name.
    /// An uppercase first component (`Foo/bar`, a domain for `splitDockerDomain`) is refused here as in
    /// ``parse(_:)``; `KubeletImageName` reads it.
    package static func parseAsNormalizedNamed(_ input: String) -> Result<ImageReference, ReferenceError> {
        do {
            return .success(try parseOrThrow(input, asNormalizedNamed: true))
        } catch {
            return .failure(ReferenceError(input: input, reason: error.reason, kind: error.kind))
        }
    }

    private static func parseOrThrow(_ input: String, asNormalizedNamed: Bool)
        throws(GrammarViolation) -> ImageReference
    {
        typealias G = ReferenceGrammar

        guard let firstScalar = input.unicodeScalars.first, let lastScalar = input.unicodeScalars.last else {
            throw GrammarViolation(.empty, "reference is empty")
        }
        if firstScalar.properties.isWhitespace || lastScalar.properties.isWhitespace {
            throw GrammarViolation(.whitespace, "reference has leading or trailing whitespace")
        }
        if containsSchemeSeparator(input) {
            throw GrammarViolation(.urlScheme, "reference must not include a URL scheme")
        }

        // name[:tag][@digest]
        let u = input.utf8
        var namePart = input[...]
        var digestPart: Substring?
        if let atIndex = u.lastIndex(of: G.at) {
            namePart = input[..<atIndex]
            digestPart = input[u.index(after: atIndex)...]
        }
        var tagPart: Substring?
        let afterLastSlash =
            namePart.utf8.lastIndex(of: G.slash).map { namePart.utf8.index(after: $0) }
            ?? namePart.startIndex
        if let colonIndex = namePart[afterLastSlash...].utf8.lastIndex(of: G.colon) {
            tagPart = namePart[namePart.utf8.index(after: colonIndex)...]
            namePart = namePart[..<colonIndex]
        }

        if namePart.isEmpty {
            throw GrammarViolation(.invalidFormat, "repository name is empty")
        }
        if namePart.utf8.contains(G.at) {
            throw GrammarViolation(.invalidFormat, "reference must contain at most one \"@\"")
        }
        if G.isHexIdentifier(input) {
            throw GrammarViolation(
                .invalidName,
                "repository name must not be a 64-character hexadecimal string (it looks like an image ID)")
        }

        // [domain '/'] remote-name
        var domain: Substring?
        var path = namePart
        if let slash = namePart.utf8.firstIndex(of: G.slash) {
            let first = namePart[..<slash]
            if G.isDomainComponent(first) {
                domain = first
                path = namePart[namePart.utf8.index(after: slash)...]
            }
        } else if namePart.utf8.first == G.openBracket {
            throw GrammarViolation(
                .invalidFormat,
                "reference has a registry host but no repository path (expected \"host/repository\")")
        }

        var wholeNameIsPath = false
        if let domain {
            do {
                _ = try G.checkDomain(domain, boundedPort: !asNormalizedNamed)
            } catch {
                // parseAsNormalizedNamed (2): distribution reads the whole name as a path with no domain.
                guard asNormalizedNamed, (try? G.checkPath(namePart)) != nil else { throw error }
                wholeNameIsPath = true
            }
        }
        if path.isEmpty {
            throw GrammarViolation(.invalidName, "repository name is empty after the registry host")
        }
        try G.checkPath(path)
        // parseAsNormalizedNamed (3): v0.6.0 counts the repository path as `splitDockerDomain` leaves it
        // (`library/` added on Docker Hub), or the whole name when it is all path.
        var counted = namePart.utf8.count
        if asNormalizedNamed && !wholeNameIsPath {
            let onHub = domain == nil || domain == "docker.io" || domain == "index.docker.io"
            counted = path.utf8.count + (onHub && !path.utf8.contains(G.slash) ? "library/".utf8.count : 0)
        }
        if counted > G.maxNameLength {
            throw GrammarViolation(
                .nameTooLong,
                "repository name must not be more than \(G.maxNameLength) characters (\(counted))")
        }
        if let tagPart {
            try G.checkTag(tagPart)
        }
        var digest: Digest?
        if let digestPart {
            if digestPart.isEmpty {
                throw GrammarViolation(.invalidDigest, "digest is empty after \"@\"")
            }
            digest = try Digest.validated(digestPart)
        }

        let registry = domain.map { RegistryHost(String($0)) } ?? .dockerHub
        var repository = String(path)
        if registry.isDockerHub && !path.utf8.contains(G.slash) {
            repository = "library/" + repository
        }
        return ImageReference(
            original: input,
            registry: registry,
            repository: repository,
            tag: tagPart.map(String.init),
            digest: digest
        )
    }

    /// Whether `s` contains `://`.
    private static func containsSchemeSeparator(_ s: String) -> Bool {
        var state = 0  // how much of "://" has just been seen
        for b in s.utf8 {
            switch (state, b) {
            case (_, ReferenceGrammar.colon): state = 1
            case (1, ReferenceGrammar.slash): state = 2
            case (2, ReferenceGrammar.slash): return true
            default: state = 0
            }
        }
        return false
    }
}
