import RegProbe

/// The next step for the user, one line per failed status (and per reason where the status is not enough).
enum Hint {
    static func forVerdict(
        status: Status, reason: Reason? = nil, reference: ImageReference?, credentialSource: CredentialSource
    ) -> String? {
        if reason == .hostsConfigUnusable {
            return
                "fix the hosts directory's hosts.toml (its TOML, capabilities, and the ca and client files it names); containerd fails every pull of this registry the same way"
        }
        if reason == .plainHTTPRealmRefused {
            return
                "if the token server is meant to be spoken to over plain HTTP, pass --plain-http (credentials then cross the network unencrypted); otherwise ask the registry's operator to serve its token realm over HTTPS"
        }
        if reason == .redirectDowngrade {
            return
                "if plain HTTP is intended, pass --plain-http; otherwise report the redirect to the registry's operator"
        }
        if reason == .credentialHelperFailed {
            return
                "fix or install the credential helper, or give credentials another way (--username with --password-stdin, --authfile)"
        }
        let registry = reference?.registry.name ?? "the registry"
        let repo = reference.map { "\($0.registry)/\($0.repository)" } ?? "the repository"
        let anonymous = credentialSource == .anonymous
        switch status {
        case .exists:
            return nil
        case .invalidReference:
            return
                "write the image as [registry[:port]/]repository[:tag][@sha256:digest], with a lowercase repository path"
        case .notFound:
            return
                "check the spelling of the repository and tag, that the image was pushed (and not deleted), and list the tags of \(repo) to compare"
        case .unauthorized:
            if anonymous {
                return
                    "check that \(repo) exists (without credentials the registry cannot say), then pass credentials (--username with --password-stdin, or --authfile); for Kubernetes, create a docker-registry secret for \(registry) (kubectl create secret docker-registry regcred --docker-server=\(registry) ...) and list it in the pod's imagePullSecrets"
            }
            return
                "the credentials from \(origin(credentialSource)) were rejected: check the username and password or token (and its expiry), then update the docker config or pull secret"
        case .denied where anonymous:
            return
                "check that \(repo) exists, then pass credentials of an account with pull access to it (--username with --password-stdin, or --authfile)"
        case .denied:
            return
                "check that \(repo) exists (the registry answers the same for one that does not), then grant the account from \(origin(credentialSource)) pull access to it, or use credentials that have it"
        case .rateLimited:
            return
                "wait for the limit to reset (see Retry-After) or authenticate to get a higher limit; a pull-through mirror avoids it for clusters"
        case .networkError:
            return
                "check the host name and port, DNS, the network path and proxy settings (HTTPS_PROXY, NO_PROXY); raise --timeout for slow links"
        case .tlsError:
            return
                "if \(registry) uses a private CA, pass --ca-file with that CA (PEM); for a client certificate, put client.cert and client.key in its certs.d directory or pass --cert-dir; for a plain-HTTP registry use --plain-http; --insecure skips verification (never in production)"
        case .serverError:
            return
                "the registry answered outside the protocol: retry later, and report it to the operator of \(registry) if it persists"
        case .incomplete:
            return
                "push the image again (all its platforms), or restore what is missing; check the registry's garbage collection, retention or cleanup jobs (\"delete untagged\" removes index children), and a mirror's or pull-through cache's copy"
        case .notAnImage:
            return
                "reference an image, not an artifact: containerd and kubelet pull only manifests whose config is an image config"
        case .platformMissing:
            return "build and push the image for the missing platform, or run on a node of a platform the image has"
        }
    }

    /// Where the credentials came from, as the user would name it.
    private static func origin(_ source: CredentialSource) -> String {
        switch source {
        case .flags: return "--username"
        case .environment: return "REGPROBE_USERNAME/REGPROBE_PASSWORD"
        case .authFile(let path, let key): return "\(path) (entry \"\(key)\")"
        case .helper(let name, let path): return "credential helper docker-credential-\(name) (configured in \(path))"
        case .pullSecret(let namespace, let name, let key, let username):
            return "secret \(namespace)/\(name) (entry \"\(key)\", user \"\(username)\")"
        case .anonymous: return "no credentials"
        }
    }
}
