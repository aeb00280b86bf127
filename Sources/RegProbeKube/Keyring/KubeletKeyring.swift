/// kubelet's `BasicDockerKeyring` for a pod's pull secrets (K: `pkg/credentialprovider/keyring.go`): the
/// credentials stored under normalised keys, and the lookup that turns an image's `repoToPull` into the ordered
/// list of credentials kubelet tries.
///
/// Only the pod-secret part of kubelet's union keyring (R6.5): node `config.json` and credential-provider plugin
/// candidates come after these and are invisible to regprobe.
///
/// `R…` and `§…` here and throughout `RegProbeKube` cite the rules of `docs/kubelet-credentials.md`.
public struct KubeletKeyring: Sendable, Hashable {
    /// The keyring key for Docker Hub credentials used by the fallback (`defaultRegistryHost`, R6.3).
    public static let defaultRegistryKey = "index.docker.io"

    /// Normalised key → candidates, in the order they were added (secrets in `imagePullSecrets` order).
    public private(set) var credentials: [String: [KeyringCandidate]] = [:]
    /// R6.1: the unique keys, sorted descending by bytes (`sort.Reverse(sort.StringSlice)`).
    public private(set) var index: [String] = []
    /// How many secrets were added.
    public private(set) var secretCount = 0

    public init() {}

    /// A keyring built from `secrets` in order, as `secretsToTrackedDockerConfigs` does: only the secrets kubelet
    /// uses (right type, key present and non-empty, R4.3) contribute; secrets kubelet cannot decode contribute
    /// nothing (R5.5 is the caller's to report: see ``PullSecret/kubeletError``).
    public init(secrets: [PullSecret]) {
        for secret in secrets {
            add(secret)
        }
    }

    /// `Add`s one secret's entries (R6.1).
    public mutating func add(_ secret: PullSecret) {
        add(entries: secret.keyringEntries, secretNamespace: secret.namespace, secretName: secret.name)
    }

    /// `BasicDockerKeyring.Add` (R6.1): each entry whose key parses is appended under its normalised key; an
    /// entry whose key does not parse is skipped (step 2); then the index is deduplicated and sorted descending,
    /// bytewise.
    public mutating func add(entries: [PullSecretEntry], secretNamespace: String, secretName: String) {
        let ordinal = secretCount
        secretCount += 1
        var keys = Set(index)
        for entry in entries {
            // R6.1 step 2: a key url.Parse rejects skips only this entry.
            guard case .success(let key) = Self.normalizeKey(entry.writtenKey) else { continue }
            let candidate = KeyringCandidate(
                credential: entry.credential, secretNamespace: secretNamespace, secretName: secretName,
                secretOrdinal: ordinal, key: entry.writtenKey, normalizedKey: key)
            // R6.4 (ii): within a key, secrets in Add (= imagePullSecrets) order, duplicates kept; (iii) within one
            // secret, document order here, Go map order (random) in kubelet.
            credentials[key, default: []].append(candidate)
            keys.insert(key)
        }
        // R6.1: unique, then descending by bytes (Swift's String `<` is not bytewise, so compare UTF-8).
        index = keys.sorted { Self.bytewiseLess($1, $0) }
    }

    // MARK: - Lookup

    /// R6.3: the candidates for `repoToPull` (`named.Name()`: domain and path, no tag or digest, e.g.
    /// `docker.io/library/nginx`), in kubelet's order.
    public func lookup(repoToPull: String) -> [KeyringCandidate] {
        lookupDetailed(repoToPull: repoToPull).candidates
    }

    /// R6.3 and R6.4 with the details of how the candidates were found.
    public func lookupDetailed(repoToPull target: String) -> KeyringLookup {
        var candidates: [KeyringCandidate] = []
        var matched: [String] = []
        // R6.3: every matching key contributes all of its credentials, in descending key order (R6.4 (i)).
        for key in index where Self.urlsMatch(glob: key, target: target) {
            matched.append(key)
            candidates += credentials[key] ?? []
        }
        var usedFallback = false
        // R6.3: only when nothing matched, and only for an image that counts as Docker Hub, the exact key
        // "index.docker.io".
        if candidates.isEmpty && Self.isDefaultRegistryMatch(target),
            let hub = credentials[Self.defaultRegistryKey], !hub.isEmpty
        {
            candidates = hub
            usedFallback = true
        }
        // R6.4 (iii): several locs of one secret under one key come in Go map order (random).
        var unordered: [String] = []
        for key in (usedFallback ? [Self.defaultRegistryKey] : matched) {
            let ordinals = (credentials[key] ?? []).map(\.secretOrdinal)
            if Set(ordinals).count < ordinals.count { unordered.append(key) }
        }
        return KeyringLookup(
            candidates: candidates, matchedKeys: matched, usedDockerHubFallback: usedFallback,
            unorderedKeys: unordered)
    }

    // MARK: - Rules as functions

    /// A key that `url.Parse` rejects (R6.1 step 2).
    public struct KeyError: Error, Sendable, Hashable {
        /// Go's reason, e.g. `invalid character " " in host name`, `invalid port ":abc" after host`.
        public let message: String
    }

    /// R6.1 key normalisation (`BasicDockerKeyring.Add`):
    /// 1. without the case-sensitive prefix `https://` or `http://`, prepend `https://`;
    /// 2. `url.Parse` (Go semantics, see `GoURL`); an error skips the entry;
    /// 3. a path starting `/v1/` or `/v2/` loses its first 3 bytes;
    /// 4. key = host (port kept) + path, or the host alone when the path is `""` or `/`; scheme, userinfo,
    ///    query and fragment are dropped.
    public static func normalizeKey(_ location: String) -> Result<String, KeyError> {
        var value = location
        // R6.1 step 1: case-sensitive byte prefix.
        if !value.utf8.starts(with: "https://".utf8) && !value.utf8.starts(with: "http://".utf8) {
            value = "https://" + value
        }
        let parsed: GoURL.Parsed
        switch GoURL.parse(value) {
        case .success(let p): parsed = p
        case .failure(let e): return .failure(KeyError(message: e.message))
        }
        var path = Array(parsed.path.utf8)
        // R6.1 step 3: "/v1/x" → "/x", "/v2/" → "/" (no trailing slash: "/v1" stays).
        if path.starts(with: "/v2/".utf8) || path.starts(with: "/v1/".utf8) {
            path.removeFirst(3)
        }
        // R6.1 step 4.
        if path.isEmpty || path == [UInt8(ascii: "/")] {
            return .success(parsed.host)
        }
        return .success(parsed.host + String(decoding: path, as: UTF8.self))
    }

    /// R6.2 `URLsMatchStr(glob: key, target: repoToPull)`: both go through `ParseSchemelessURL` (`https://`
    /// prepended, `url.Parse`; an error is no match); then
    /// - (a) the port strings are equal (`net.SplitHostPort`; no port, or an unparseable host, gives `""`);
    /// - (b) the hosts have the same number of `.`-separated labels;
    /// - (c) the key's path is a plain string prefix of the target's path;
    /// - (d) every label matches as a Go `filepath.Match` pattern (case-sensitive; a bad pattern is no match).
    public static func urlsMatch(glob: String, target: String) -> Bool {
        guard case .success(let globURL) = GoURL.parse("https://" + glob),
            case .success(let targetURL) = GoURL.parse("https://" + target)
        else { return false }
        let (globLabels, globPort) = splitURL(globURL)
        let (targetLabels, targetPort) = splitURL(targetURL)
        // R6.2 (a): ports are compared as strings; no wildcard ports.
        guard globPort == targetPort else { return false }
        // R6.2 (b): same number of labels, so *.example.com never matches example.com or a.b.example.com.
        guard globLabels.count == targetLabels.count else { return false }
        // R6.2 (c): plain string prefix, not segment-aware ("/team" matches "/teamx/app").
        guard targetURL.path.utf8.starts(with: globURL.path.utf8) else { return false }
        // R6.2 (d): filepath.Match per label; an error (bad pattern) counts as no match.
        for (pattern, label) in zip(globLabels, targetLabels) {
            guard case .success(true) = GoGlob.match(pattern, label) else { return false }
        }
        return true
    }

    /// Go's `filepath.Match(pattern, name)` as R6.2 (d) uses it for one host label; a malformed pattern is
    /// `false`.
    public static func globMatch(_ pattern: String, _ name: String) -> Bool {
        if case .success(true) = GoGlob.match(pattern, name) { return true }
        return false
    }

    /// R6.3 `isDefaultRegistryMatch`: whether `image` (a `repoToPull`) counts as a Docker Hub image for the
    /// fallback. The first `/`-component empty → false; no `/` → true; `docker.io` or `index.docker.io` → true;
    /// otherwise true iff it contains neither `.` nor `:` (so `localhost/app` counts, the R6.3 quirk).
    public static func isDefaultRegistryMatch(_ image: String) -> Bool {
        let bytes = Array(image.utf8)
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return !bytes.isEmpty }
        let first = bytes[..<slash]
        if first.isEmpty { return false }
        if first.elementsEqual("docker.io".utf8) || first.elementsEqual("index.docker.io".utf8) { return true }
        return !first.contains(UInt8(ascii: ".")) && !first.contains(UInt8(ascii: ":"))
    }

    /// A key for display, with any userinfo (`user:password@`) before the host replaced by `<redacted>@`.
    public static func redactedKey(_ key: String) -> String {
        let bytes = Array(key.utf8)
        var start = 0
        if let scheme = firstIndex(of: Array("://".utf8), in: bytes) { start = scheme + 3 }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
        guard let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) else { return key }
        return String(decoding: bytes[..<start], as: UTF8.self) + "<redacted>@"
            + String(decoding: bytes[(at + 1)...], as: UTF8.self)
    }

    // MARK: - Helpers

    /// `SplitURL`: host labels (`strings.Split(host, ".")`) and port (`net.SplitHostPort`, or `""` and the whole
    /// host when that fails).
    private static func splitURL(_ url: GoURL.Parsed) -> (labels: [String], port: String) {
        let (host, port) = GoURL.splitHostPort(url.host) ?? (url.host, "")
        let labels = Array(host.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        return (labels, port)
    }

    static func bytewiseLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
