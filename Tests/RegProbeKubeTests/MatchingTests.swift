import RegProbe
import Testing

@testable import RegProbeKube

/// R6.2 (Go `filepath.Match` per label, `URLsMatch`) and R6.3 (`isDefaultRegistryMatch`, lookup, fallback).
@Suite("kubelet matching (R6.2, R6.3)")
struct MatchingTests {
    struct GlobCase: Sendable, CustomTestStringConvertible {
        let pattern: String
        let name: String
        /// true/false, or nil for ErrBadPattern.
        let result: Bool?
        init(_ pattern: String, _ name: String, _ result: Bool?) {
            self.pattern = pattern
            self.name = name
            self.result = result
        }
        var testDescription: String { "\(pattern) ~ \(name)" }
    }

    static let globCases: [GlobCase] = [
        GlobCase("*", "abc", true),
        GlobCase("*", "", true),
        GlobCase("", "", true),
        GlobCase("", "a", false),
        GlobCase("a*", "abc", true),
        GlobCase("*c", "abc", true),
        GlobCase("a*c", "abbbc", true),
        GlobCase("a*c", "abd", false),
        GlobCase("a*b*c", "axxbyyc", true),
        GlobCase("*-good", "prefix-good", true),
        GlobCase("*-good", "prefix-bad", false),
        GlobCase("prefix", "prefixx", false),
        GlobCase("?", "a", true),
        GlobCase("?", "", false),
        GlobCase("??", "a", false),
        GlobCase("a?c", "a\u{00E9}c", true),
        GlobCase("[a-z]", "m", true),
        GlobCase("[a-z]", "M", false),
        GlobCase("[^a-z]", "M", true),
        GlobCase("[^a-z]", "m", false),
        GlobCase("[abc]", "b", true),
        GlobCase("[\u{00E9}]", "\u{00E9}", true),
        GlobCase("[\\]]", "]", true),
        GlobCase("\\*", "*", true),
        GlobCase("\\*", "a", false),
        GlobCase("ABC", "abc", false),
        GlobCase("[", "a", nil),
        GlobCase("[]", "a", nil),
        GlobCase("[a-", "a", nil),
        GlobCase("[^]", "a", nil),
        GlobCase("a\\", "a", nil),
        // Go ≥ 1.16 reports a bad pattern even after a mismatch.
        GlobCase("x[", "y", nil),
        GlobCase("*x[", "abc", nil),
    ]

    @Test(arguments: globCases)
    func glob(_ c: GlobCase) {
        switch GoGlob.match(c.pattern, c.name) {
        case .success(let matched): #expect(matched == c.result)
        case .failure: #expect(c.result == nil)
        }
        #expect(KubeletKeyring.globMatch(c.pattern, c.name) == (c.result ?? false))
    }

    struct URLCase: Sendable, CustomTestStringConvertible {
        let glob: String
        let target: String
        let match: Bool
        init(_ glob: String, _ target: String, _ match: Bool) {
            self.glob = glob
            self.target = target
            self.match = match
        }
        var testDescription: String { "\(glob) ~ \(target)" }
    }

    static let urlCases: [URLCase] = [
        // kubernetes.io docs, "Interpretation of config.json".
        URLCase("*.kubernetes.io", "abc.kubernetes.io/app", true),
        URLCase("*.kubernetes.io", "kubernetes.io/app", false),
        URLCase("*.*.kubernetes.io", "abc.kubernetes.io/app", false),
        URLCase("prefix.*.io", "prefix.kubernetes.io/app", true),
        URLCase("*-good.kubernetes.io", "prefix-good.kubernetes.io/app", true),
        // Ports: compared as strings.
        URLCase("reg.io:5000", "reg.io:5000/app", true),
        URLCase("reg.io", "reg.io:5000/app", false),
        URLCase("reg.io:5000", "reg.io/app", false),
        URLCase("reg.io:443", "reg.io/app", false),
        URLCase("reg.io:", "reg.io/app", true),
        URLCase("[::1]:5000", "[::1]:5000/app", true),
        // Paths: plain string prefix.
        URLCase("reg.io/team", "reg.io/team/app", true),
        URLCase("reg.io/team", "reg.io/teamx/app", true),
        URLCase("reg.io/team/", "reg.io/teamx/app", false),
        URLCase("reg.io/team/app", "reg.io/team", false),
        // Case-sensitive labels.
        URLCase("registry.example.com", "Registry.Example.com/app", false),
        URLCase("Registry.Example.com", "Registry.Example.com/app", true),
        // Globs against Docker Hub.
        URLCase("*.io", "docker.io/library/nginx", true),
        URLCase("*.*", "docker.io/library/nginx", true),
        URLCase("docker.io", "docker.io/library/nginx", true),
        URLCase("index.docker.io", "docker.io/library/nginx", false),
        URLCase("registry-1.docker.io", "docker.io/library/nginx", false),
        // Unparseable keys never match.
        URLCase("reg io", "reg io/app", false),
        URLCase("reg[0-9].io", "reg1.io/app", false),
    ]

    @Test(arguments: urlCases)
    func urlsMatch(_ c: URLCase) {
        #expect(KubeletKeyring.urlsMatch(glob: c.glob, target: c.target) == c.match)
    }

    @Test(arguments: [
        ("nginx", true), ("docker.io/library/nginx", true), ("index.docker.io/x/y", true), ("myorg/app", true),
        ("localhost/app", true), ("localhost:5000/app", false), ("reg.io/app", false), ("ghcr.io/o/a", false),
        ("/app", false), ("", false), ("Foo/app", true),
    ])
    func isDefaultRegistryMatch(_ image: String, _ expected: Bool) {
        #expect(KubeletKeyring.isDefaultRegistryMatch(image) == expected)
    }

    private func keyring(_ secrets: [(String, [(String, String)])]) -> KubeletKeyring {
        var keyring = KubeletKeyring()
        for (name, entries) in secrets {
            keyring.add(
                entries: entries.map {
                    PullSecretEntry(
                        key: $0.0, normalizedKey: nil, credential: Credential(username: $0.1, password: "p"))
                }, secretNamespace: "ns", secretName: name)
        }
        return keyring
    }

    @Test func everyMatchingKeyContributesInDescendingOrder() {
        let k = keyring([
            ("s1", [("quay.io", "A"), ("quay.io/o", "B"), ("*.io", "C"), ("quay.io/other", "D")]),
            ("s2", [("quay.io/o", "E")]),
        ])
        let lookup = k.lookupDetailed(repoToPull: "quay.io/o/app")
        #expect(lookup.candidates.map(\.credential.username) == ["B", "E", "A", "C"])
        #expect(lookup.matchedKeys == ["quay.io/o", "quay.io", "*.io"])
        #expect(!lookup.usedDockerHubFallback)
        #expect(lookup.candidates.map(\.secretName) == ["s1", "s2", "s1", "s1"])
        #expect(
            lookup.candidates.first?.source == .pullSecret(namespace: "ns", name: "s1", key: "quay.io/o", username: "B")
        )
    }

    @Test func fallbackOnlyWhenNothingMatchedAndOnlyForHubLikeImages() {
        let k = keyring([("s", [("https://index.docker.io/v1/", "HUB"), ("docker.io/team", "TEAM")])])
        #expect(k.lookup(repoToPull: "docker.io/team/app").map(\.credential.username) == ["TEAM"])
        #expect(k.lookup(repoToPull: "docker.io/other/app").map(\.credential.username) == ["HUB"])
        #expect(k.lookup(repoToPull: "localhost/app").map(\.credential.username) == ["HUB"])
        #expect(k.lookup(repoToPull: "localhost:5000/app").isEmpty)
        #expect(k.lookup(repoToPull: "reg.io/app").isEmpty)
    }

    @Test func duplicatesAreKept() {
        let k = keyring([("s", [("r.io", "A")]), ("s", [("r.io", "A")])])
        #expect(k.lookup(repoToPull: "r.io/a").map(\.credential.username) == ["A", "A"])
        #expect(k.lookupDetailed(repoToPull: "r.io/a").unorderedKeys.isEmpty)
    }
}
