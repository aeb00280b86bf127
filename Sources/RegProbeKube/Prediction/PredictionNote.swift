/// Something worth knowing about a container's pull that does not change the prediction.
public enum PredictionNote: Sendable, Hashable, CustomStringConvertible {
    /// The image resolves the tag `latest` (written or implied) with no digest: what runs can change without a
    /// manifest change.
    case unpinnedTag(String)
    /// Tag and digest both given: the runtime pulls by digest and the tag is ignored (R2.4).
    case digestWinsOverTag(tag: String)
    /// No pod-secret credential matched, so kubelet pulls anonymously unless node `config.json` or
    /// credential-provider plugins supply one, which regprobe cannot see (R6.5).
    case nodeCredentialsUnseen
    /// The candidates come from the Docker Hub fallback: nothing matched and the image counts as Docker Hub, so
    /// kubelet used the `index.docker.io` entries (R6.3).
    case dockerHubFallback
    /// The fallback sent Docker Hub credentials to a registry that is not Docker Hub (`localhost/app` counts as
    /// Hub, R6.3 quirk).
    case hubCredentialsToOtherRegistry(registry: String)
    /// Several entries of one secret normalise to the same key; kubelet tries them in random order (R6.4 (iii)).
    case unorderedCandidates(keys: [String])
    /// A candidate has an empty username and password: kubelet tries it, which is an anonymous request (R7.1).
    case emptyCredentialCandidate(secret: String, key: String)
    /// kubelet matches credentials against `kubeletRegistry`, but regprobe checks `checkedRegistry` (an alias
    /// such as `registry-1.docker.io`, which regprobe folds into `docker.io`).
    case registryAlias(kubeletRegistry: String, checkedRegistry: String)
    /// Docker Hub images are pulled from `registry-1.docker.io` unless the node's runtime has mirrors configured
    /// (containerd `hosts.toml`), which regprobe cannot see (R2.6).
    case runtimeMirrorsUnseen
    /// R2.7: the registry host breaks distribution/reference's host grammar (`_`); kubelet accepts the image
    /// because the grammar reads the whole name as a path, and the runtime dials the host as written.
    case hostOutsideDomainGrammar(host: String)

    /// A stable identifier for JSON.
    public var code: String {
        switch self {
        case .unpinnedTag: "unpinned-tag"
        case .digestWinsOverTag: "digest-wins-over-tag"
        case .nodeCredentialsUnseen: "node-credentials-unseen"
        case .dockerHubFallback: "docker-hub-fallback"
        case .hubCredentialsToOtherRegistry: "hub-credentials-to-other-registry"
        case .unorderedCandidates: "unordered-candidates"
        case .emptyCredentialCandidate: "empty-credential-candidate"
        case .registryAlias: "registry-alias"
        case .runtimeMirrorsUnseen: "runtime-mirrors-unseen"
        case .hostOutsideDomainGrammar: "host-outside-domain-grammar"
        }
    }

    public var description: String {
        switch self {
        case .unpinnedTag(let tag):
            "tag \(tag) is not pinned to a digest; what runs can change with no manifest change"
        case .digestWinsOverTag(let tag):
            "the image has a tag and a digest: the runtime pulls by digest and ignores the tag \(tag) (R2.4)"
        case .nodeCredentialsUnseen:
            "no pull secret matched: kubelet pulls anonymously unless the node's config.json or a credential "
                + "provider plugin has credentials for this registry, which regprobe cannot see (R6.5)"
        case .dockerHubFallback:
            "no key matched; the Docker Hub credentials (key index.docker.io) are used as a fallback (R6.3)"
        case .hubCredentialsToOtherRegistry(let registry):
            "kubelet sends the Docker Hub credentials to \(registry): with no '.' or ':' in its name it counts as "
                + "Docker Hub for the fallback (R6.3)"
        case .unorderedCandidates(let keys):
            "one secret has several entries for \(keys.joined(separator: ", ")); kubelet tries them in random "
                + "order (R6.4)"
        case .emptyCredentialCandidate(let secret, let key):
            "secret \(secret) key \(key) has no credentials: kubelet's attempt with it is anonymous (R7.1)"
        case .registryAlias(let kubeletRegistry, let checkedRegistry):
            "kubelet matches credentials against \(kubeletRegistry); regprobe checks \(checkedRegistry)"
        case .runtimeMirrorsUnseen:
            "docker.io is pulled from registry-1.docker.io unless the node's runtime has a mirror configured, "
                + "which regprobe cannot see (R2.6)"
        case .hostOutsideDomainGrammar(let host):
            "kubelet accepts the host \(host) although \"_\" is not allowed in distribution/reference's host "
                + "grammar: the grammar reads the whole name as a repository path, kubelet matches pull secret keys "
                + "against the name as written, and the runtime dials \(host) (R2.7). \"_\" is not valid in a DNS "
                + "host name (RFC 1123), so it may not resolve, and no public CA issues a certificate for it"
        }
    }
}
