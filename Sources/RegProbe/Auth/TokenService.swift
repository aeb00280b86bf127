#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Asks a registry's token server for a Bearer token: `GET realm?service=&scope=` with Basic credentials when there
/// are some, or, for an identity token, the OAuth2 `POST` first. One request per call; sharing and caching are
/// `TokenBroker`'s.
/// https://distribution.github.io/distribution/spec/auth/token/,
/// https://distribution.github.io/distribution/spec/auth/oauth/
struct TokenService: Sendable {
    let registry: RegistryHost
    let credential: Credential?
    let http: RegistryHTTP

    /// A token for these scopes (none: a login, as `docker login` asks). `endpoint`: where the registry answered,
    /// for the realm policy.
    func token(
        challenge: AuthChallenge, scopes: [Scope], endpoint: RegistryEndpoint, deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem> {
        guard let realm = challenge.realm, let realmURL = RequestURL(realm) else {
            return .failure(
                Problem(
                    .serverError, .realmUnusable,
                    message: "\(registry) sent a Bearer challenge without a usable realm URL"))
        }
        if let refusal = RealmPolicy.refusal(
            realm: realmURL, registry: registry, registryIsPlainHTTP: endpoint.isPlainHTTP,
            plainHTTPAllowed: http.options.plainHTTP)
        {
            return .failure(refusal)
        }
        if let credential, credential.kind == .identityToken {
            switch await oauth(
                realmURL: realmURL, challenge: challenge, scopes: scopes, refreshToken: credential.password,
                deadline: deadline)
            {
            case .some(let result): return result
            case .none: break  // the server does not do OAuth2 here: the GET below, with the token as password
            }
        }
        return await get(realmURL: realmURL, challenge: challenge, scopes: scopes, deadline: deadline)
    }

    /// `GET realm?service=&scope=` with Basic credentials when we have some. A 401/403 here means the token server
    /// rejected the credentials (or refuses anonymous access).
    private func get(
        realmURL: RequestURL, challenge: AuthChallenge, scopes: [Scope], deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem> {
        let what = scopes.first.map { "for \($0)" } ?? "for a login (no scope)"
        var query: [String] = []
        if let service = challenge.service { query.append("service=" + Percent.encode(service)) }
        for each in scopes { query.append("scope=" + Percent.encode(each.description)) }
        let url = realmURL.string + (realmURL.string.contains("?") ? "&" : "?") + query.joined(separator: "&")
        var headers = HTTPHeaders()
        if let credential { headers.add("Authorization", Self.basic(credential)) }
        let who = credential.map { "the credentials of user \"\($0.username)\"" } ?? "an anonymous token"
        let server = "the token server at \(realmURL.displayAuthority)"
        let response: HTTPResponse
        do {
            response = try await http.send(.get, url, headers: headers, maxBodyBytes: 64 * 1024, deadline: deadline)
        } catch {
            return .failure(Problem(doing: "requesting a token from \(realmURL.displayAuthority)", transport: error))
        }
        let errors = DistributionError.parse(response.body)
        let said = TokenServerError.text(response.body).map { ": \($0)" } ?? ""
        switch response.status {
        case 200:
            return Self.token(in: response, from: realmURL, field: "\"token\" or \"access_token\"")
        case 401, 403:
            let verb = credential == nil ? "refused" : "rejected"
            let unknown = credential == nil && !scopes.isEmpty ? Classification.mayNotExist : ""
            return .failure(
                Problem(
                    .unauthorized, credential == nil ? .anonymousRefused : .credentialsRejected,
                    httpStatus: response.status,
                    message: "\(server) \(verb) \(who) \(what) (HTTP \(response.status)\(said))\(unknown)",
                    registryErrors: errors))
        case 429:
            return .failure(
                Problem(
                    .rateLimited, .rateLimited, httpStatus: 429,
                    message: "\(server) answered 429 Too Many Requests",
                    registryErrors: errors, rateLimit: RateLimit(headers: response.headers)))
        default:
            return .failure(
                Problem(
                    .serverError, .tokenServerError, httpStatus: response.status,
                    message: "\(server) answered HTTP \(response.status)\(said)",
                    registryErrors: errors))
        }
    }

    /// OAuth2: `POST realm` with `grant_type=refresh_token`, `client_id=regprobe`, `service`, `scope` (space-joined)
    /// and the refresh token. nil when the server answers 400/401/404/405, so the caller falls back to GET (GCR,
    /// Artifactory and ACR variants answer those for POST).
    private func oauth(
        realmURL: RequestURL, challenge: AuthChallenge, scopes: [Scope], refreshToken: String,
        deadline: ContinuousClock.Instant
    ) async -> Result<BearerToken, Problem>? {
        var form = ["grant_type=refresh_token", "client_id=regprobe", "refresh_token=" + Percent.encode(refreshToken)]
        if let service = challenge.service { form.append("service=" + Percent.encode(service)) }
        form.append("scope=" + Percent.encode(scopes.map(\.description).joined(separator: " ")))
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/x-www-form-urlencoded")
        let response: HTTPResponse
        do {
            response = try await http.send(
                .post, realmURL.string, headers: headers, body: Array(form.joined(separator: "&").utf8),
                maxBodyBytes: 64 * 1024, deadline: deadline)
        } catch {
            return .failure(Problem(doing: "requesting a token from \(realmURL.displayAuthority)", transport: error))
        }
        switch response.status {
        case 200:
            return Self.token(in: response, from: realmURL, field: "access_token")
        case 400, 401, 404, 405:
            return nil
        default:
            let said = TokenServerError.text(response.body).map { ": \($0)" } ?? ""
            return .failure(
                Problem(
                    .serverError, .tokenServerError, httpStatus: response.status,
                    message:
                        "the token server at \(realmURL.displayAuthority) answered the OAuth2 request with HTTP \(response.status)\(said)"
                ))
        }
    }

    /// The token in a token server's 200 answer (GET or OAuth2 POST), or why there is none to use: a body over
    /// 64 KiB, no token field, or a token with control characters (never put in a header).
    private static func token(
        in response: HTTPResponse, from realmURL: RequestURL, field: String
    ) -> Result<BearerToken, Problem> {
        let server = "the token server at \(realmURL.displayAuthority)"
        if response.bodyTruncated {
            return .failure(
                Problem(
                    .serverError, .tokenTooLarge, httpStatus: 200,
                    message: "\(server) sent a token response over 64 KiB"))
        }
        do {
            return .success(try BearerToken.decode(response.body))
        } catch .unsafeToken {
            return .failure(
                Problem(
                    .serverError, .unsafeToken, httpStatus: 200,
                    message: "\(server) sent a token with control characters; regprobe does not put "
                        + "it in a header"))
        } catch {
            return .failure(
                Problem(
                    .serverError, .tokenMissing, httpStatus: 200,
                    message: "\(server) answered 200 without a token (no \(field) field)"))
        }
    }

    /// `Basic base64(username:password)` (RFC 7617).
    static func basic(_ credential: Credential) -> String {
        "Basic " + Data(Array("\(credential.username):\(credential.password)".utf8)).base64EncodedString()
    }
}
