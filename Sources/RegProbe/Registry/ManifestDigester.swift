import CCrypto

/// Hashes manifest bytes with libcrypto, for registries that do not send `Docker-Content-Digest` and for
/// checking that a digest reference got the manifest it names.
public enum ManifestDigester {
    /// `algorithm:hex` of the bytes, or nil for an algorithm we do not support.
    public static func digest(_ bytes: [UInt8], algorithm: String = "sha256") -> String? {
        let md: OpaquePointer?
        switch algorithm {
        case "sha256": md = EVP_sha256()
        case "sha384": md = EVP_sha384()
        case "sha512": md = EVP_sha512()
        default: return nil
        }
        guard let md else { return nil }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &out, &length, md, nil)
        }
        guard ok == 1 else { return nil }
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(Int(length) * 2)
        for byte in out.prefix(Int(length)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        return algorithm + ":" + String(decoding: text, as: UTF8.self)
    }
}
