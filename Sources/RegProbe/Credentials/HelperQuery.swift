/// One question for a credential helper: `docker-credential-<helper> get` with `server` on stdin. A run asks each
/// (helper, server) at most once (`HelperAnswers`).
package struct HelperQuery: Sendable, Hashable {
    /// The helper's name as the docker config gives it (`credsStore`, a `credHelpers` value).
    package let helper: String
    /// What the helper is asked for: `https://index.docker.io/v1/` for Docker Hub, else `host[:port]`.
    package let server: String

    package init(helper: String, server: String) {
        self.helper = helper
        self.server = server
    }
}
