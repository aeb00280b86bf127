/// What a credential helper's `get` answered, from its exit status and stdout alone: a pure function, so it can be
/// table-tested and fuzzed (`Fuzz/HelperResponseFuzzer.swift`).
///
/// The rules are those of docker-credential-helpers' Go client, `client.Get`
/// (https://github.com/docker/docker-credential-helpers/blob/v0.8.2/client/client.go), and of docker/cli's
/// native store, which reads its result
/// (https://github.com/docker/cli/blob/v27.0.3/cli/config/credentials/native_store.go):
///
/// - a non-zero exit whose output, trimmed, is "credentials not found in native keychain" means no credential
///   (regprobe, like before, accepts any output containing "credentials not found", in any case); any other
///   non-zero exit is a failure, with at most a safe excerpt of the output (`HelperOutputExcerpt`);
/// - exit 0: the first JSON value of stdout (Go's `json.Decoder.Decode`: what follows it is not read) decoded into
///   `{ServerURL, Username, Secret}` with Go's `encoding/json` rules (`GoJSON`: field names in any case, the last
///   repeat wins, `null` is absent, a field of another type is an error). `null` decodes to nothing, so it is no
///   credential; an empty `Secret` is no credential either; `Username` `<token>` marks an identity token.
///
/// A failure's text never includes what the helper printed on exit 0 (that output is where the secret is).
package enum HelperResponse: Sendable, Hashable {
    case credential(Credential)
    /// The helper has nothing for this server.
    case notFound
    /// A non-zero exit.
    case failed(exitCode: Int32, excerpt: HelperOutputExcerpt)
    /// Exit 0 but not the answer; `reason` says what was wrong without quoting the output.
    case malformed(reason: String)

    package static func parse(exitCode: Int32, output: [UInt8]) -> HelperResponse {
        guard exitCode == 0 else {
            if containsNotFound(output) { return .notFound }
            return .failed(exitCode: exitCode, excerpt: HelperOutputExcerpt.of(output))
        }
        guard GoJSON.firstInvalidUTF8Offset(output) == nil else {
            // Go would read invalid UTF-8 as U+FFFD; a secret that is not text cannot be sent as one anyway.
            return .malformed(reason: "it is not UTF-8 text")
        }
        let stream = GoJSON.parseStream(output)
        guard let value = stream.values.first?.value else {
            return .malformed(reason: stream.error == nil ? "it is empty" : "it is not JSON")
        }
        let fields: [GoJSONMember]
        switch value {
        case .null: return .notFound
        case .object(let members): fields = members
        default: return .malformed(reason: "it is \(value.kindDescription), not a JSON object")
        }
        let username: String?
        let secret: String?
        do {
            _ = try GoJSONValue.object(fields).stringField("ServerURL")
            username = try GoJSONValue.object(fields).stringField("Username")
            secret = try GoJSONValue.object(fields).stringField("Secret")
        } catch {
            return .malformed(reason: "a field is \(error.kindDescription), not a string")
        }
        guard let secret, !secret.isEmpty else { return .notFound }
        let user = username ?? ""
        if user == "<token>" {
            return .credential(Credential(username: user, password: secret, kind: .identityToken))
        }
        return .credential(Credential(username: user, password: secret))
    }

    /// docker-credential-helpers' "credentials not found in native keychain", found anywhere, in any case.
    static func containsNotFound(_ output: [UInt8]) -> Bool {
        let needle = Array("credentials not found".utf8)
        guard output.count >= needle.count else { return false }
        for start in 0...(output.count - needle.count) {
            var matches = true
            for (offset, expected) in needle.enumerated() {
                let byte = output[start + offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) != expected {
                    matches = false
                    break
                }
            }
            if matches { return true }
        }
        return false
    }
}
