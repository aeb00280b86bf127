// libFuzzer driver: image references (`ImageReference.parse`), plus the `RegistryHost` accessors of what parses.
//
// Input: any bytes, decoded as UTF-8 (lossy), as the CLI gets them from argv.
// Invariants (a violation traps, so libFuzzer saves the input):
// - parse never traps, and gives the same answer twice;
// - a failure keeps the input, and its message is bounded (the input is cut at 256 characters);
//   `.empty` exactly for "", `.whitespace` only with leading/trailing whitespace;
// - a success contains only printable ASCII (every grammar character is), its repository is lowercase
//   path components, its tag is 1–128 word characters, its digest re-validates, a Docker Hub repository has
//   a namespace (`library/`), and its registry passes `RegistryHost(validating:)`;
// - round trip: when the name (registry/repository) is at most 255 characters, `normalized` parses again
//   to the same registry, repository, effective tag, digest and `normalized`;
// - differential: the input is accepted exactly when it matches distribution/reference's regular expressions
//   (regexp.go, written out below with Swift Regex, ASCII classes, scalar semantics) plus regprobe's documented
//   rules (first component is the registry iff it has "." or ":" or is "localhost"; port at most 5 digits and
//   65535; name at most 255; digest algorithm sha256/sha384/sha512 with exactly 64/96/128 lowercase hex; not
//   64 hex alone), and then gives the same registry, repository, tag and digest.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ReferenceFuzzer.check(FuzzSupport.text(data, size))
    return 0
}

enum ReferenceFuzzer {
    typealias G = ReferenceGrammar

    static func check(_ input: String) {
        let result = ImageReference.parse(input)
        fuzzRequire(ImageReference.parse(input) == result, "parse is not deterministic")

        switch result {
        case .failure(let error):
            fuzzRequire(error.input == input, "error does not keep the input")
            let message = error.description
            fuzzRequire(!error.reason.isEmpty, "empty reason")
            fuzzRequire(message.utf8.count <= 8192, "error message is not bounded: \(message.utf8.count) bytes")
            fuzzRequire((error.kind == .empty) == input.isEmpty, "kind .empty iff the input is empty (\(error.kind))")
            if error.kind == .whitespace {
                let first = input.unicodeScalars.first!
                let last = input.unicodeScalars.last!
                fuzzRequire(
                    first.properties.isWhitespace || last.properties.isWhitespace, ".whitespace without whitespace")
            }

        case .success(let ref):
            fuzzRequire(ref.original == input, "original is not the input")
            fuzzRequire(
                input.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "accepted input has a byte outside printable ASCII")
            fuzzRequire(!ref.repository.isEmpty, "empty repository")
            fuzzRequire(
                ref.repository.utf8.allSatisfy { G.isLowerAlnum($0) || G.isPathSeparator($0) || $0 == G.slash },
                "repository is not lowercase path components: \(ref.repository)")
            fuzzRequire(
                G.isLowerAlnum(ref.repository.utf8.first!) && G.isLowerAlnum(ref.repository.utf8.last!),
                "repository starts or ends with a separator: \(ref.repository)")
            if let tag = ref.tag {
                fuzzRequire((1...G.maxTagLength).contains(tag.utf8.count), "tag length \(tag.utf8.count)")
                fuzzRequire(
                    tag.utf8.allSatisfy { G.isWord($0) || $0 == G.dot || $0 == G.dash }, "tag characters: \(tag)")
                fuzzRequire(G.isWord(tag.utf8.first!), "tag must start with a word character: \(tag)")
            }
            if let digest = ref.digest {
                fuzzRequire(Digest(parsing: digest.description) == digest, "digest does not re-validate")
                fuzzRequire(
                    Digest.encodedLength(ofAlgorithm: digest.algorithm) == digest.encoded.utf8.count, "digest length")
            }
            fuzzRequire(ref.effectiveTag != nil || ref.digest != nil, "neither a tag nor a digest to resolve")
            fuzzRequire(!ref.identifier.isEmpty, "empty identifier")
            if ref.registry.isDockerHub {
                fuzzRequire(ref.repository.utf8.contains(G.slash), "Docker Hub repository without a namespace")
            }

            // Accessors used to dial and to decide on plain HTTP must not trap on anything that parsed.
            let registry = ref.registry
            fuzzRequire(
                RegistryHost(validating: registry.name) != nil, "registry does not re-validate: \(registry.name)")
            fuzzRequire(!registry.hostname.isEmpty, "empty hostname for \(registry.name)")
            if let port = registry.port { fuzzRequire((0...65535).contains(port), "port \(port)") }
            _ = registry.isLoopback
            _ = registry.dialAuthority

            // Round trip through the normalised form.
            let normalized = ref.normalized
            if ref.name.utf8.count <= G.maxNameLength {
                guard case .success(let again) = ImageReference.parse(normalized) else {
                    fatalError("fuzz invariant violated: normalized \(normalized) of \(input) does not parse")
                }
                fuzzRequire(
                    again.normalized == normalized,
                    "normalized changes on re-parse: \(normalized) -> \(again.normalized)")
                fuzzRequire(again.registry == ref.registry, "registry changes on re-parse")
                fuzzRequire(again.repository == ref.repository, "repository changes on re-parse")
                fuzzRequire(again.effectiveTag == ref.effectiveTag, "effective tag changes on re-parse")
                fuzzRequire(again.digest == ref.digest, "digest changes on re-parse")
            }
        }

        let expected = Oracle.parse(input)
        switch (result, expected) {
        case (.success(let ref), let oracle?):
            fuzzRequire(
                ref.registry == RegistryHost(oracle.domain ?? "docker.io"), "registry differs from the grammar's")
            let repository =
                ref.registry.isDockerHub && !oracle.path.contains("/") ? "library/" + oracle.path : oracle.path
            fuzzRequire(
                ref.repository == repository, "repository \(ref.repository) differs from the grammar's \(repository)")
            fuzzRequire(ref.tag == oracle.tag, "tag differs from the grammar's")
            fuzzRequire(ref.digest?.description == oracle.digest, "digest differs from the grammar's")
        case (.failure(let error), let oracle?):
            fatalError(
                "fuzz invariant violated: the grammar accepts \(input.debugDescription) (\(oracle)), parse refused it: \(error.reason)"
            )
        case (.success, nil):
            fatalError(
                "fuzz invariant violated: parse accepted \(input.debugDescription), which the grammar does not match")
        case (.failure, nil):
            break
        }
    }
}

/// An independent statement of the reference grammar, from distribution/reference `regexp.go`, with regprobe's
/// documented rules on top (README "Choices": domain detection, port range, 255 limit, supported digests).
enum Oracle {
    struct Parts: CustomStringConvertible {
        var domain: String?
        var path: String
        var tag: String?
        var digest: String?
        var description: String { "domain \(domain ?? "-") path \(path) tag \(tag ?? "-") digest \(digest ?? "-")" }
    }

    static let alphanumeric = "[a-z0-9]+"
    static let separator = "(?:[._]|__|[-]+)"
    static let pathComponent = "\(alphanumeric)(?:\(separator)\(alphanumeric))*"
    static let remoteName = "\(pathComponent)(?:/\(pathComponent))*"
    static let domainNameComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
    static let domainName = "\(domainNameComponent)(?:\\.\(domainNameComponent))*"
    static let ipv6address = "\\[(?:[a-fA-F0-9:]+)\\]"
    static let host = "(?:\(domainName)|\(ipv6address))"
    static let domainAndPort = "\(host)(?::[0-9]+)?"
    static let tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
    static let digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"

    nonisolated(unsafe) static let withDomain = try! Regex(
        "^(\(domainAndPort))/(\(remoteName))(?::(\(tag)))?(?:@(\(digest)))?$"
    ).matchingSemantics(.unicodeScalar)
    nonisolated(unsafe) static let withoutDomain = try! Regex(
        "^(\(remoteName))(?::(\(tag)))?(?:@(\(digest)))?$"
    ).matchingSemantics(.unicodeScalar)

    static func parse(_ input: String) -> Parts? {
        guard input.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        // splitDockerDomain: the part before the first "/" is a registry iff it has "." or ":" or is "localhost".
        var parts: Parts
        if let slash = input.firstIndex(of: "/"),
            input[..<slash] == "localhost" || input[..<slash].contains(".") || input[..<slash].contains(":")
        {
            guard let m = try? withDomain.wholeMatch(in: input) else { return nil }
            parts = Parts(
                domain: m.output[1].substring.map(String.init), path: String(m.output[2].substring!),
                tag: m.output[3].substring.map(String.init), digest: m.output[4].substring.map(String.init))
        } else {
            guard let m = try? withoutDomain.wholeMatch(in: input) else { return nil }
            parts = Parts(
                domain: nil, path: String(m.output[1].substring!),
                tag: m.output[2].substring.map(String.init), digest: m.output[3].substring.map(String.init))
        }
        if let domain = parts.domain {
            // The port: after the last ":" unless that is inside an IPv6 literal.
            if let colon = domain.lastIndex(of: ":"), !domain[colon...].contains("]"),
                !(domain.first == "[" && domain.last == "]")
            {
                let port = domain[domain.index(after: colon)...]
                guard port.count <= 5, let value = Int(port), value <= 65535 else { return nil }
            }
        }
        let name = parts.domain.map { $0 + "/" + parts.path } ?? parts.path
        guard name.utf8.count <= 255 else { return nil }
        if let digest = parts.digest {
            let colon = digest.firstIndex(of: ":")!
            let algorithm = digest[..<colon]
            let hex = digest[digest.index(after: colon)...]
            let length: Int
            switch algorithm {
            case "sha256": length = 64
            case "sha384": length = 96
            case "sha512": length = 128
            default: return nil
            }
            guard hex.utf8.count == length,
                hex.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            else { return nil }
        }
        if input.utf8.count == 64, input.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
            return nil
        }
        return parts
    }
}
