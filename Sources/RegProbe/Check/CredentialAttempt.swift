/// One credential to try, and where it came from. A nil credential is an anonymous attempt.
public struct CredentialAttempt: Sendable, Hashable {
    public let credential: Credential?
    public let source: CredentialSource

    public init(credential: Credential?, source: CredentialSource) {
        self.credential = credential
        self.source = source
    }

    public static let anonymous = CredentialAttempt(credential: nil, source: .anonymous)
}
