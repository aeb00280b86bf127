#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A token from a token server's answer. `token` is preferred; some servers (GCR, Artifactory) send only
/// `access_token`. https://distribution.github.io/distribution/spec/auth/token/#token-response-fields
public struct BearerToken: Sendable, Hashable {
    /// The secret itself. Never printed.
    public let value: String
    public let expiresIn: Int?
    public let issuedAt: String?

    public enum DecodeError: Error, Sendable {
        case notJSON, noToken
        /// The token has a control character (CR, LF, ...): in a header it would inject lines.
        case unsafeToken
    }

    /// Read as distribution's Go client reads it (`json.Decoder` into a struct): field names matched without
    /// regard to case, the last of duplicates wins, unknown fields ignored, null as absent, a field of the wrong
    /// type fails the whole answer.
    public static func decode(_ body: [UInt8]) throws(DecodeError) -> BearerToken {
        guard case .success(let root) = GoJSON.parse(body), case .object = root else { throw .notJSON }
        let token: String?
        let accessToken: String?
        let issuedAt: String?
        let expiresIn: Int?
        do {
            token = try root.stringField("token")
            accessToken = try root.stringField("access_token")
            issuedAt = try root.stringField("issued_at")
            expiresIn = try root.intField("expires_in")
        } catch {
            throw .notJSON
        }
        guard let value = [token, accessToken].compactMap({ $0 }).first(where: { !$0.isEmpty }) else { throw .noToken }
        guard HTTPHeaders.isValidFieldValue(value) else { throw .unsafeToken }
        return BearerToken(value: value, expiresIn: expiresIn, issuedAt: issuedAt)
    }

    /// The `access` claim of a JWT token, when the token is a JWT: which actions were granted on which
    /// resources. nil when the token is opaque. Only read to explain a refusal, never trusted for a verdict
    /// on its own.
    public var grantedAccess: [Scope]? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var base64 = String(parts[1].map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while base64.count % 4 != 0 { base64 += "=" }
        struct Claims: Decodable {
            struct Access: Decodable {
                let type: String?
                let name: String?
                let actions: [String]?
            }
            let access: [Access]?
        }
        guard let data = Data(base64Encoded: base64),
            let claims = try? JSONDecoder().decode(Claims.self, from: data),
            let access = claims.access
        else { return nil }
        return access.map { Scope(resourceType: $0.type ?? "", name: $0.name ?? "", actions: $0.actions ?? []) }
    }

    /// True when the token is a JWT whose `access` claim lacks `action` on `repository`.
    public func provablyLacks(_ action: String, on repository: String) -> Bool {
        guard let access = grantedAccess else { return false }
        return !access.contains {
            $0.resourceType == "repository" && $0.name == repository && $0.actions.contains(action)
        }
    }
}

extension BearerToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `BearerToken(<redacted>, expires_in: 300)`: the token itself is never shown.
    public var description: String {
        "BearerToken(<redacted>" + (expiresIn.map { ", expires_in: \($0)" } ?? "") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["value": "<redacted>", "expiresIn": expiresIn as Any, "issuedAt": issuedAt as Any],
            displayStyle: .struct)
    }
}
