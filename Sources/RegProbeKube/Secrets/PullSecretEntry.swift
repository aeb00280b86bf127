import RegProbe

/// One registry entry of a pull secret, as kubelet adds it to its keyring (R5.3, R6.1): the key as written and
/// the username/password after R5.4 (`auth` overrides the fields). `identitytoken`, `registrytoken`, `email` and
/// `serveraddress` are not kept: kubelet drops them.
public struct PullSecretEntry: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The `auths` key (or, for `.dockercfg`, the top-level key) as written, with any userinfo
    /// (`user:password@`) replaced by `<redacted>@`.
    public let key: String
    /// R6.1: the keyring key it normalises to; nil when `url.Parse` fails and kubelet skips the entry.
    public let normalizedKey: String?
    /// The credential kubelet passes to the runtime; both parts may be empty (R7.1: then it is an anonymous try).
    public let credential: Credential
    /// The key exactly as written, for normalisation only (it may hold a password in its userinfo).
    let writtenKey: String

    /// `key` is the key exactly as written; it is kept for normalisation and shown only redacted.
    public init(key: String, normalizedKey: String?, credential: Credential) {
        self.key = KubeletKeyring.redactedKey(key)
        self.writtenKey = key
        self.normalizedKey = normalizedKey
        self.credential = credential
    }

    /// The `host[:port]` of ``normalizedKey``, for testing the credential against the registry directly; nil when
    /// the entry is skipped or the host is a glob (`*`, `?`, `[`, `\\`), which names no single registry.
    public var registry: String? {
        guard let normalizedKey else { return nil }
        let host =
            normalizedKey.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first
            .map(String.init) ?? normalizedKey
        guard !host.isEmpty, !host.contains(where: { "*?[\\".contains($0) }) else { return nil }
        return host
    }

    /// The path of ``normalizedKey`` without its leading `/` (`team` for `reg.io/team`): kubelet uses the entry
    /// only for repositories whose path starts with it (R6.2 (c), a plain string prefix); nil when there is none.
    public var repositoryPrefix: String? {
        guard let normalizedKey, let slash = normalizedKey.firstIndex(of: "/") else { return nil }
        let path = normalizedKey[normalizedKey.index(after: slash)...]
        return path.isEmpty ? nil : String(path)
    }

    /// `PullSecretEntry(key: "https://reg.io/v2/" → "reg.io", user: "ci")`; never the password.
    public var description: String {
        let normalized = normalizedKey.map { String(reflecting: $0) } ?? "skipped"
        return "PullSecretEntry(key: \(String(reflecting: key)) → \(normalized), "
            + "user: \(String(reflecting: credential.username)))"
    }

    /// What `dump` and debuggers show: the redacted key, the normalised key and the (redacting) credential.
    public var customMirror: Mirror {
        Mirror(
            self, children: ["key": key, "normalizedKey": normalizedKey as Any, "credential": credential],
            displayStyle: .struct)
    }
}
