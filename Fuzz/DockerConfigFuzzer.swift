// libFuzzer driver: docker `config.json` / containers `auth.json` (`DockerConfig.parse(_:path:)`), the
// `auths` key normalisation (`RegistryKey.normalize`) and credential lookup.
//
// Two modes, chosen by the first byte:
//
// - raw (first byte is not 0x01): the bytes are the file. Invariants: parsing never traps and is
//   deterministic; an error names the file (`<path>: <reason>`); every entry key normalises; an entry that has
//   a credential and whose key is a plain registry host (valid `host[:port]`) is found by
//   `credential(for: RegistryHost(key), repository: nil)`. Differential: the file's JSON syntax is judged as
//   Foundation judges it (JSONSerialization and JSONDecoder must both accept: each alone is lenient somewhere),
//   except where the parser documents a difference (an empty file is valid, a BOM is skipped, lone surrogate
//   escapes become U+FFFD, depth is capped at 256) and where Foundation is lenient (it stops reading at a NUL
//   byte, takes a trailing comma) or strict (numbers out of a Double's range).
//
// - secrets (first byte 0x01): a file of the form {"auths":{"h":{"auth":B64("user:SECRET")}}} is built from
//   the input, so that every error path is reached with a recognisable password in it:
//
//       0x01 flags user 0x00 password 0x00 junk
//
//   The password is "S3CR3T-" + password, the junk (or its bytes) drives the damage the flags ask for:
//     bit 0 drop the base64 padding          bit 4 also "identitytoken": SECRET
//     bit 1 insert junk into the base64      bit 5 also "registrytoken": SECRET
//     bit 2 truncate the base64              bit 6 cut the whole document (invalid JSON)
//     bit 3 also "username"/"password" fields bit 7 "auth" as an array instead of a string
//   Invariants: no error message contains the secret, its "S3CR3T" marker or the `auth` value; the parsed
//   config's description, debugDescription and dump() never contain them either; an undamaged file yields
//   the user and password it was built from.

import Foundation  // JSONSerialization, the oracle (full Foundation; the library itself needs only Essentials)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzSupport.bytes(data, size)
    if bytes.first == 0x01 {
        DockerConfigFuzzer.checkSecrets(bytes.dropFirst())
    } else {
        DockerConfigFuzzer.checkRaw(bytes)
    }
    return 0
}

enum DockerConfigFuzzer {
    static let path = "fuzz/config.json"
    static let marker = "S3CR3T"

    static func checkRaw(_ bytes: [UInt8]) {
        let first = Result { () throws(DockerConfigError) in try DockerConfig.parse(bytes, path: path) }
        let second = Result { () throws(DockerConfigError) in try DockerConfig.parse(bytes, path: path) }
        switch (first, second) {
        case (.failure(let a), .failure(let b)):
            fuzzRequire(a == b, "parse is not deterministic (errors differ)")
            fuzzRequire(a.path == path && a.description.hasPrefix(path + ": "), "error does not name the file")
            fuzzRequire(!a.reason.isEmpty, "empty reason")
        case (.success(let config), .success(let again)):
            fuzzRequire(config == again, "parse is not deterministic")
            fuzzRequire(config.path == path, "path not kept")
            _ = config.description
            // Lookups are O(entries) each: check the first 64 entries so a huge file stays a linear test.
            for entry in config.entries.prefix(64) {
                _ = entry.description
                let normalized = RegistryKey.normalize(entry.key)
                if let path = normalized.path {
                    fuzzRequire(
                        !path.isEmpty && !path.hasPrefix("/") && !path.hasSuffix("/"),
                        "namespace \(path.debugDescription)")
                }
                if entry.credential != nil, let host = RegistryHost(validating: entry.key) {
                    fuzzRequire(
                        config.credential(for: host, repository: nil) != nil,
                        "entry \(entry.key.debugDescription) has a credential that lookup does not find")
                }
                if let host = RegistryHost(validating: normalized.host) {
                    if let found = config.credential(for: host, repository: normalized.path ?? "library/x") {
                        fuzzRequire(
                            config.entries.contains { $0.key == found.key },
                            "lookup returned a key that is not in the file")
                    }
                    _ = config.credentialHelper(for: host)
                }
            }
            _ = config.credential(for: .dockerHub, repository: "library/nginx")
            _ = config.credentialHelper(for: .dockerHub)
        default:
            fatalError("fuzz invariant violated: parse is not deterministic (success vs failure)")
        }
        compareSyntaxWithFoundation(bytes, first)
    }

    /// Any JSON value: decoding fails only where JSONDecoder refuses the text.
    struct AnyJSON: Decodable {
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { return }
            if (try? c.decode(Bool.self)) != nil { return }
            if (try? c.decode(String.self)) != nil { return }
            if (try? c.decode([AnyJSON].self)) != nil { return }
            if (try? c.decode([String: AnyJSON].self)) != nil { return }
            if (try? c.decode(Double.self)) != nil { return }
            _ = try c.decode(Decimal.self)
        }
    }

    static func compareSyntaxWithFoundation(_ bytes: [UInt8], _ result: Result<DockerConfig, DockerConfigError>) {
        let ours: Bool
        switch result {
        case .success: ours = true
        case .failure(let error):
            if error.reason.hasPrefix("not valid UTF-8") || error.reason.contains("nested more than") { return }
            ours = !error.reason.hasPrefix("invalid JSON")
        }
        // Documented differences: empty file, BOM, lone surrogates.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return }
        // Both Foundation readers take a NUL byte as the end of the text ("6\0" is valid to them; not to RFC 8259).
        if bytes.contains(0) { return }
        // ... and both take a trailing comma before "}" / "]" (RFC 8259 and Go do not).
        var previous: UInt8 = 0
        for byte in bytes where !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
            if previous == UInt8(ascii: ","), byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") { return }
            previous = byte
        }
        // ... and both refuse numbers a Double cannot hold (1E999, 400 digits); RFC 8259 sets no limit.
        var digits = 0
        for (i, byte) in bytes.enumerated() {
            let isDigit = byte >= 0x30 && byte <= 0x39
            digits = isDigit ? digits + 1 : 0
            if digits >= 300 { return }
            if isDigit, i + 1 < bytes.count, bytes[i + 1] | 0x20 == UInt8(ascii: "e") { return }
        }
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        for i in lowered.indices.dropLast(2)
        where lowered[i] == UInt8(ascii: "\\") && lowered[i + 1] == UInt8(ascii: "u")
            && lowered[i + 2] == UInt8(ascii: "d")
        {
            if i + 3 < lowered.count, Array("89abcdef".utf8).contains(lowered[i + 3]) { return }
        }
        // Each of Foundation's two readers is lenient somewhere (JSONSerialization takes trailing commas and stops
        // at a NUL; JSONDecoder does not check strings it never decodes), so the oracle is: both accept.
        let serialization = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
        let decoder = (try? JSONDecoder().decode(AnyJSON.self, from: Data(bytes))) != nil
        let foundation = serialization && decoder
        let detail: String
        switch result {
        case .success: detail = "parsed"
        case .failure(let error): detail = error.reason
        }
        fuzzRequire(
            ours == foundation,
            "JSON syntax: DockerConfig says \(ours ? "valid" : "invalid") (\(detail)), JSONSerialization says \(serialization ? "valid" : "invalid"), JSONDecoder says \(decoder ? "valid" : "invalid")"
        )
    }

    static func checkSecrets(_ input: ArraySlice<UInt8>) {
        guard let flags = input.first else { return }
        let (userBytes, rest) = FuzzSupport.split(input.dropFirst(), at: 0)
        let (passwordBytes, junkBytes) = FuzzSupport.split(rest, at: 0)
        let user = String(decoding: userBytes, as: UTF8.self)
        let secret = marker + "-" + String(decoding: passwordBytes, as: UTF8.self)
        let junk = String(decoding: junkBytes, as: UTF8.self)
        // A username is not a secret and may be shown; keep it from looking like one.
        guard !user.contains(marker), !junk.contains(marker) else { return }

        let auth = FuzzSupport.base64(Array((user + ":" + secret).utf8), pad: flags & 0x01 == 0)
        var damagedAuth = auth
        if flags & 0x02 != 0 {
            let at = damagedAuth.index(damagedAuth.startIndex, offsetBy: junkBytes.count % (damagedAuth.count + 1))
            damagedAuth.insert(contentsOf: junk, at: at)
        }
        if flags & 0x04 != 0 {
            damagedAuth = String(damagedAuth.prefix(Int(junkBytes.first ?? 0) % (damagedAuth.count + 1)))
        }

        var fields: [String] = []
        if flags & 0x80 != 0 {
            fields.append("\"auth\": [\(FuzzSupport.jsonString(damagedAuth))]")
        } else {
            fields.append("\"auth\": \(FuzzSupport.jsonString(damagedAuth))")
        }
        if flags & 0x08 != 0 {
            fields.append("\"username\": \(FuzzSupport.jsonString(user))")
            fields.append("\"password\": \(FuzzSupport.jsonString(secret))")
        }
        if flags & 0x10 != 0 { fields.append("\"identitytoken\": \(FuzzSupport.jsonString(secret))") }
        if flags & 0x20 != 0 { fields.append("\"registrytoken\": \(FuzzSupport.jsonString(secret))") }
        var document = Array("{\"auths\": {\"h\": {\(fields.joined(separator: ", "))}}}".utf8)
        if flags & 0x40 != 0 {
            document = Array(document.prefix(junkBytes.count * 7 % (document.count + 1)))
        }

        func leaks(_ text: String) -> Bool {
            text.contains(marker) || text.contains(secret) || (auth.utf8.count >= 8 && text.contains(auth))
        }

        do {
            let config = try DockerConfig.parse(document, path: path)
            fuzzRequire(!leaks(config.description), "DockerConfig.description shows a secret")
            fuzzRequire(!leaks(config.debugDescription), "DockerConfig.debugDescription shows a secret")
            fuzzRequire(!leaks(String(reflecting: config)), "String(reflecting:) shows a secret")
            for entry in config.entries {
                fuzzRequire(!leaks(entry.description), "AuthEntry.description shows a secret")
                fuzzRequire(!leaks(String(reflecting: entry)), "AuthEntry String(reflecting:) shows a secret")
                var dumped = ""
                dump(entry, to: &dumped)
                fuzzRequire(!leaks(dumped), "dump(AuthEntry) shows a secret")
                if let credential = entry.credential {
                    fuzzRequire(!leaks(credential.description), "Credential.description shows a secret")
                }
            }
            let undamaged = flags & (0x02 | 0x04 | 0x40 | 0x80) == 0
            if undamaged, !user.isEmpty, !user.contains(":") {
                let found = config.credential(for: RegistryHost("h"), repository: nil)
                fuzzRequire(found?.key == "h", "the entry for h is not found")
                fuzzRequire(found?.credential.username == user, "username does not survive auth encoding")
                fuzzRequire(
                    found?.credential.password.hasPrefix(marker) == true, "password does not survive auth encoding")
            }
        } catch {
            fuzzRequire(!leaks(error.description), "DockerConfigError shows a secret: \(error.description)")
            fuzzRequire(!leaks(error.reason), "DockerConfigError.reason shows a secret")
        }
    }
}
