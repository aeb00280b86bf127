// libFuzzer driver: token server answers (`BearerToken.decode`) and the JWT `access` claim
// (`grantedAccess`, `provablyLacks`).
//
// Two modes, chosen by the first byte:
// - raw (first byte is not 0x01): the bytes are the token server's response body;
// - JWT (first byte 0x01): the rest is a JWT payload (the claims JSON); the driver wraps it as
//   {"token": "<header>.<base64url(payload)>.<sig>"} so that `grantedAccess` gets to decode it.
// Invariants (a violation traps): decode never traps and is deterministic; a decoded token is non-empty;
// in JWT mode the token is decoded unchanged; `grantedAccess` is nil unless the token has three
// dot-separated parts; `provablyLacks` is false whenever `grantedAccess` is nil.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzSupport.bytes(data, size)
    if bytes.first == 0x01 {
        BearerTokenFuzzer.checkJWT(payload: Array(bytes.dropFirst()))
    } else {
        BearerTokenFuzzer.check(body: bytes, expectedToken: nil)
    }
    return 0
}

enum BearerTokenFuzzer {
    static func checkJWT(payload: [UInt8]) {
        let header = FuzzSupport.base64(Array(#"{"alg":"RS256","typ":"JWT"}"#.utf8), urlSafe: true, pad: false)
        let claims = FuzzSupport.base64(payload, urlSafe: true, pad: false)
        let token = header + "." + claims + ".c2lnbmF0dXJl"
        let body = #"{"token":"\#(token)","expires_in":300,"issued_at":"2024-01-01T00:00:00Z"}"#
        check(body: Array(body.utf8), expectedToken: token)
    }

    static func check(body: [UInt8], expectedToken: String?) {
        let first = Result { () throws(BearerToken.DecodeError) in try BearerToken.decode(body) }
        let second = Result { () throws(BearerToken.DecodeError) in try BearerToken.decode(body) }
        switch (first, second) {
        case (.success(let token), .success(let again)):
            fuzzRequire(token == again, "decode is not deterministic")
            fuzzRequire(!token.value.isEmpty, "empty token accepted")
            if let expectedToken {
                fuzzRequire(token.value == expectedToken, "token changed in decoding")
                fuzzRequire(token.expiresIn == 300, "expires_in lost")
            }
            let access = token.grantedAccess
            if access != nil {
                fuzzRequire(
                    token.value.split(separator: ".", omittingEmptySubsequences: false).count == 3,
                    "grantedAccess for a token that is not a JWT")
            }
            for scope in access ?? [] { _ = scope.description }
            let lacks = token.provablyLacks("pull", on: "library/nginx")
            if access == nil { fuzzRequire(!lacks, "provablyLacks without an access claim") }
        case (.failure(let a), .failure(let b)):
            fuzzRequire(a == b, "decode is not deterministic (errors differ)")
            fuzzRequire(expectedToken == nil, "a well-formed token response was refused")
        default:
            fatalError("fuzz invariant violated: decode is not deterministic (success vs failure)")
        }
    }
}
