/// The rules that turn a registry's "no" to a manifest request into a status word and a message.
/// Pure: tables of cases test it (Tests/RegProbeTests/ClassificationTests.swift).
///
/// Status codes and error codes: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
public enum Classification {
    /// Docker Hub, GHCR, Pulp, Harbor and others answer a repository that does not exist exactly as a private one
    /// they will not show (401 to anonymous requests, 403 or a token without rights to others), so a refusal never
    /// proves the repository is there.
    public static let mayNotExist =
        "; registries answer this way both for private repositories and for ones that do not exist, so it may also not exist"

    public static func classify(_ answer: ManifestAnswer, reference: ImageReference) -> Problem {
        let codes = Set(answer.errors.map(\.code))
        let said = DistributionError.summary(answer.errors).map { " (\($0))" } ?? ""
        let target = "\(reference.repository):\(reference.identifier)".replacingColonTag(reference)
        let status = answer.status

        // An error code the registry chose outranks a status code some registries misuse.
        if status == 429 || codes.contains("TOOMANYREQUESTS") {
            return Problem(
                .rateLimited, .rateLimited, httpStatus: status,
                message: "\(reference.registry) is rate-limiting requests (HTTP \(status))\(said)",
                registryErrors: answer.errors, rateLimit: answer.rateLimit)
        }
        switch status {
        case 404:
            let what: String
            let reason: Reason
            if codes.contains("NAME_UNKNOWN") {
                (what, reason) = ("repository \(reference.repository) not found on \(reference.registry)", .nameUnknown)
            } else if codes.contains("MANIFEST_UNKNOWN") {
                what = "manifest \(reference.identifier) not found in repository \(reference.repository)"
                reason = .manifestUnknown
            } else {
                (what, reason) = ("\(target) not found on \(reference.registry)", .notFound)
            }
            return Problem(.notFound, reason, httpStatus: 404, message: what + said, registryErrors: answer.errors)
        case 403:
            return Problem(
                .denied, .accessDenied, httpStatus: 403,
                message:
                    "\(reference.registry) denied \(who(answer)) pull access to \(reference.repository)\(said)\(mayNotExist)",
                registryErrors: answer.errors)
        case 401:
            if codes.contains("DENIED") && answer.username != nil {
                return Problem(
                    .denied, .accessDenied, httpStatus: 401,
                    message:
                        "\(reference.registry) denied \(who(answer)) pull access to \(reference.repository)\(said)\(mayNotExist)",
                    registryErrors: answer.errors)
            }
            switch (answer.authScheme, answer.username) {
            case (.bearer, .some):
                // The token server accepted the credentials (else the token request had failed), yet the
                // registry refuses the token for this repository: the token lacks the pull action.
                return Problem(
                    .denied, .tokenLacksPull, httpStatus: 401,
                    message:
                        "the credentials of \(who(answer)) were accepted, but the token grants no pull access to \(reference.repository)\(said)\(mayNotExist)",
                    registryErrors: answer.errors)
            case (.basic, .some):
                return Problem(
                    .unauthorized, .credentialsRejected, httpStatus: 401,
                    message: "\(reference.registry) rejected the credentials of \(who(answer))\(said)",
                    registryErrors: answer.errors)
            default:
                if reference.registry.isDockerHub {
                    var message =
                        "Docker Hub refused an anonymous pull of \(reference.repository): it answers 401 both for private repositories and for repositories that do not exist, so this one may also not exist"
                    let parts = reference.repository.split(separator: "/")
                    if parts.count == 2, parts[0] != "library" {
                        message += " (did you mean library/\(parts[1])?)"
                    }
                    return Problem(
                        .unauthorized, .anonymousRefused, httpStatus: 401, message: message + said,
                        registryErrors: answer.errors)
                }
                return Problem(
                    .unauthorized, .anonymousRefused, httpStatus: 401,
                    message:
                        "\(reference.registry) requires credentials to pull \(reference.repository)\(said)\(mayNotExist)",
                    registryErrors: answer.errors)
            }
        case 500...599:
            return Problem(
                .serverError, .registryError, httpStatus: status,
                message:
                    "\(reference.registry) failed with HTTP \(status) on \(answer.method.rawValue) \(target)\(said)",
                registryErrors: answer.errors)
        default:
            return Problem(
                .serverError, .unexpectedStatus, httpStatus: status,
                message:
                    "\(reference.registry) answered \(answer.method.rawValue) \(target) with unexpected HTTP \(status)\(said)",
                registryErrors: answer.errors)
        }
    }

    private static func who(_ answer: ManifestAnswer) -> String {
        answer.username.map { "user \"\($0)\"" } ?? "anonymous requests"
    }
}

extension String {
    /// "repo:sha256:..." reads badly; digests are joined with "@".
    fileprivate func replacingColonTag(_ reference: ImageReference) -> String {
        reference.digest != nil ? "\(reference.repository)@\(reference.identifier)" : self
    }
}
