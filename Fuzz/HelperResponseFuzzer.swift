// libFuzzer driver: what a credential helper's `get` answered (`HelperResponse.parse(exitCode:output:)`), the
// excerpt of a failing helper's output (`HelperOutputExcerpt.of`) and the message built from both
// (`CredentialHelper.outcome(of:server:)`).
//
// Two modes, chosen by the first byte:
//
// - raw (first byte below 0x80): the first byte is the exit code, the rest is stdout. Invariants: parsing never
//   traps and is deterministic; `.credential` only on exit 0, with a non-empty secret, an identity token exactly
//   when the username is `<token>`, and the same credential again when its fields are written back as JSON;
//   `.failed` only on a non-zero exit, `.malformed` only on exit 0; an excerpt is at most 200 bytes; a failure's
//   message names the helper and holds no control character (C0, DEL, C1), no format character (bidirectional
//   overrides) and no line or paragraph separator.
//
// - secrets (first byte 0x80 or above): the exit code is that byte & 0x7F, and stdout is built from the input so
//   that a recognisable secret stands in it in the shapes a helper prints it in:
//
//       byte0 flags secret-bytes 0x00 junk
//
//   The secret is "S3CR3T-" + hex(secret-bytes) + "-0a1b2c3d4e5f" (a generated token's look). The junk, split on
//   0x0A, gives lines of text around it. Flags:
//     bit 0 the JSON answer {"ServerURL":..,"Username":..,"Secret":SECRET}   bit 4 "password=SECRET"
//     bit 1 "Secret: SECRET"                                                   bit 5 "token SECRET"
//     bit 2 SECRET alone on a line                                             bit 6 junk lines first, else last
//     bit 3 a pretty-printed member `  "Secret": "SECRET",`                   bit 7 CRLF line ends
//   Invariants, beyond the raw ones: no failure message holds the secret; a credential parsed from the output
//   (exit 0, the answer first) has it as its password.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzSupport.bytes(data, size)
    guard let first = bytes.first else { return 0 }
    if first >= 0x80 {
        HelperResponseFuzzer.checkSecrets(exitCode: Int32(first & 0x7F), bytes.dropFirst())
    } else {
        _ = HelperResponseFuzzer.check(exitCode: Int32(first), output: Array(bytes.dropFirst()))
    }
    return 0
}

enum HelperResponseFuzzer {
    static let helper = CredentialHelper(name: "fuzz")

    /// The raw invariants; returns the failure message, if any.
    static func check(exitCode: Int32, output: [UInt8]) -> String? {
        let response = HelperResponse.parse(exitCode: exitCode, output: output)
        fuzzRequire(response == HelperResponse.parse(exitCode: exitCode, output: output), "parse is not deterministic")
        switch response {
        case .credential(let credential):
            fuzzRequire(exitCode == 0, "a credential from a failing helper")
            fuzzRequire(!credential.password.isEmpty, "a credential with an empty secret")
            fuzzRequire(
                (credential.kind == .identityToken) == (credential.username == "<token>"),
                "identity token rule")
            let again =
                "{\"Username\":\(FuzzSupport.jsonString(credential.username)),"
                + "\"Secret\":\(FuzzSupport.jsonString(credential.password))}"
            fuzzRequire(
                HelperResponse.parse(exitCode: 0, output: Array(again.utf8)) == response,
                "the credential written back as JSON reads differently")
        case .notFound:
            break
        case .failed(let code, let excerpt):
            fuzzRequire(exitCode != 0 && code == exitCode, "a failure on exit 0, or with another exit code")
            if case .text(let text, let withheld) = excerpt {
                fuzzRequire(text.utf8.count <= HelperOutputExcerpt.maxBytes, "excerpt over 200 bytes")
                fuzzRequire(!text.isEmpty && withheld >= 0, "empty excerpt text")
            }
        case .malformed(let reason):
            fuzzRequire(exitCode == 0, "malformed on a non-zero exit")
            fuzzRequire(!reason.isEmpty, "empty reason")
        }
        guard case .failure(let failure) = helper.outcome(of: response, server: "r.example:5000") else { return nil }
        fuzzRequire(failure.message.hasPrefix("credential helper docker-credential-fuzz "), "message names the helper")
        for scalar in failure.message.unicodeScalars {
            let category = scalar.properties.generalCategory
            fuzzRequire(
                category != .control && category != .format && category != .lineSeparator
                    && category != .paragraphSeparator,
                "unescaped U+\(String(scalar.value, radix: 16, uppercase: true)) in a message")
        }
        return failure.message
    }

    static func checkSecrets(exitCode: Int32, _ input: ArraySlice<UInt8>) {
        guard let flags = input.first else { return }
        let (secretBytes, junk) = FuzzSupport.split(input.dropFirst(), at: 0x00)
        let hex = secretBytes.map { String($0, radix: 16) }.joined()
        let secret = "S3CR3T-" + hex + "-0a1b2c3d4e5f"
        var lines: [String] = []
        if flags & 0x01 != 0 { lines.append(#"{"ServerURL":"r.example:5000","Username":"u","Secret":"\#(secret)"}"#) }
        if flags & 0x02 != 0 { lines.append("Secret: \(secret)") }
        if flags & 0x04 != 0 { lines.append(secret) }
        if flags & 0x08 != 0 { lines.append("  \"Secret\": \"\(secret)\",") }
        if flags & 0x10 != 0 { lines.append("password=\(secret)") }
        if flags & 0x20 != 0 { lines.append("token \(secret)") }
        let end: [UInt8] = flags & 0x80 != 0 ? [0x0D, 0x0A] : [0x0A]
        var output: [UInt8] = []
        var junkLines: [UInt8] = []
        for line in junk.split(separator: 0x0A, omittingEmptySubsequences: false) {
            junkLines += line + end
        }
        if flags & 0x40 != 0 { output += junkLines }
        for line in lines { output += Array(line.utf8) + end }
        if flags & 0x40 == 0 { output += junkLines }

        let message = check(exitCode: exitCode, output: output)
        if let message {
            fuzzRequire(!message.contains(secret), "a failure message shows the secret")
        }
        if exitCode == 0, flags & 0x41 == 0x01,
            case .credential(let credential) = HelperResponse.parse(exitCode: 0, output: output)
        {
            fuzzRequire(credential.password == secret, "the answer's secret was not read")
        }
    }
}
