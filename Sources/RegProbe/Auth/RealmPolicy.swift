/// Where a Bearer challenge may send credentials: the realm must be HTTPS, unless `--plain-http` was given, or both
/// the registry and the realm are plain HTTP on loopback. Credentials and tokens never cross the network in the clear
/// because a challenge said so, and a loopback registry may not send them in clear text to another host.
enum RealmPolicy {
    /// Why a realm is refused, or nil when it may be used.
    static func refusal(
        realm: RequestURL, registry: RegistryHost, registryIsPlainHTTP: Bool, plainHTTPAllowed: Bool
    ) -> Problem? {
        guard realm.scheme != "https", !plainHTTPAllowed else { return nil }
        let localAndPlain = registry.isLoopback && registryIsPlainHTTP
        if localAndPlain && realm.isLoopback { return nil }
        let shown = RequestURL.withoutQuery(realm.string)
        let reason =
            localAndPlain
            ? "a plain-HTTP token server on another host than loopback (\(shown))"
            : "a token server over plain HTTP (\(shown))"
        return Problem(
            .serverError, .plainHTTPRealmRefused,
            message: "\(registry) names \(reason); regprobe refuses to send credentials there in clear text")
    }
}
