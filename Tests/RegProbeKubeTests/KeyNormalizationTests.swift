import Testing

@testable import RegProbeKube

/// R6.1: `BasicDockerKeyring.Add` key normalisation, with Go `url.Parse` behaviour on the edge cases.
@Suite("key normalisation (R6.1)")
struct KeyNormalizationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let location: String
        /// The normalised key; nil when kubelet skips the entry (url.Parse error).
        let key: String?
        /// A substring of the Go error, for skipped entries.
        let error: String?
        init(_ location: String, _ key: String?, error: String? = nil) {
            self.location = location
            self.key = key
            self.error = error
        }
        var testDescription: String { String(reflecting: location) }
    }

    static let cases: [Case] = [
        // The examples of docs/kubelet-credentials.md (R6.1).
        Case("https://index.docker.io/v1/", "index.docker.io"),
        Case("https://index.docker.io/v1/foo", "index.docker.io/foo"),
        Case("reg.io/v2/", "reg.io"),
        Case("reg.io/v1", "reg.io/v1"),
        Case("http://reg.io:5000", "reg.io:5000"),
        // Hub spellings.
        Case("index.docker.io", "index.docker.io"),
        Case("https://index.docker.io/v2/", "index.docker.io"),
        Case("docker.io", "docker.io"),
        Case("registry-1.docker.io", "registry-1.docker.io"),
        // Paths.
        Case("reg.io/", "reg.io"),
        Case("reg.io/v1/", "reg.io"),
        Case("reg.io/v1/team", "reg.io/team"),
        Case("http://reg.io/v2/team/app", "reg.io/team/app"),
        Case("reg.io/team/", "reg.io/team/"),
        Case("reg.io/v3/", "reg.io/v3/"),
        Case("reg.io/V2/", "reg.io/V2/"),
        Case("reg.io/%41pp", "reg.io/App"),
        Case("reg.io/a b", "reg.io/a b"),
        // Scheme prefix is case-sensitive: "HTTPS://" gets "https://" prepended and the host becomes "HTTPS:".
        Case("HTTPS://reg.io", "HTTPS://reg.io"),
        Case("ftp://reg.io", "ftp://reg.io"),
        // Query, fragment and userinfo are dropped.
        Case("reg.io?x=1", "reg.io"),
        Case("reg.io/team?x", "reg.io/team"),
        Case("reg.io#frag", "reg.io"),
        Case("https://user:pa55@reg.io/v2/", "reg.io"),
        Case("a@b@reg.io", "reg.io"),
        // Ports.
        Case("reg.io:", "reg.io:"),
        Case("[::1]:5000", "[::1]:5000"),
        Case("[fe80::1%25eth0]:5000", "[fe80::1%eth0]:5000"),
        Case("*.example.com", "*.example.com"),
        Case("reg.\u{00FF}.io", "reg.\u{00FF}.io"),
        Case("", ""),
        // Errors: kubelet skips the entry.
        Case("reg io", nil, error: "invalid character \" \" in host name"),
        Case("reg.io:abc", nil, error: "invalid port \":abc\" after host"),
        Case("reg.io:5000x/app", nil, error: "invalid port"),
        Case("reg.io/%zz", nil, error: "invalid URL escape \"%zz\""),
        Case("reg%2fio", nil, error: "invalid URL escape \"%2f\""),
        Case("reg.io\t", nil, error: "invalid control character"),
        Case("[1.2.3.4]", nil, error: "invalid IP-literal"),
        Case("[::1", nil, error: "missing ']' in host"),
        Case("reg[0-9].io", nil, error: "invalid IP-literal"),
        Case("[a-z].example.com", nil, error: "invalid port \".example.com\" after host"),
        Case("[a-z]", nil, error: "invalid host"),
        Case("us er@reg.io", nil, error: "invalid userinfo"),
        Case("reg{1}.io", nil, error: "invalid character \"{\" in host name"),
    ]

    @Test(arguments: cases)
    func normalise(_ c: Case) {
        switch KubeletKeyring.normalizeKey(c.location) {
        case .success(let key):
            #expect(key == c.key, "expected \(c.key.map { String(reflecting: $0) } ?? "an error")")
        case .failure(let error):
            #expect(c.key == nil, "unexpected error \(error.message)")
            if let expected = c.error {
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test func indexIsUniqueAndBytewiseDescending() {
        var keyring = KubeletKeyring()
        let entries = ["a.io", "B.io", "a.io/x", "\u{00E9}.io", "a.io", "https://a.io/v2/", "Z.io"].map {
            PullSecretEntry(key: $0, normalizedKey: nil, credential: .init(username: "u", password: "p"))
        }
        keyring.add(entries: entries, secretNamespace: "ns", secretName: "s")
        // Bytewise: "é" (0xC3 0xA9) > "a" > "Z" > "B"; Swift's String ordering would put "é" elsewhere.
        #expect(keyring.index == ["\u{00E9}.io", "a.io/x", "a.io", "Z.io", "B.io"])
        #expect(keyring.credentials["a.io"]?.count == 3)
    }

    @Test func skippedEntriesDoNotEnterTheKeyring() {
        var keyring = KubeletKeyring()
        keyring.add(
            entries: [
                PullSecretEntry(key: "bad host", normalizedKey: nil, credential: .init(username: "x", password: "y")),
                PullSecretEntry(
                    key: "good.io", normalizedKey: "good.io", credential: .init(username: "g", password: "h")),
            ], secretNamespace: "ns", secretName: "s")
        #expect(keyring.index == ["good.io"])
    }

    @Test func redactedKeyHidesUserinfo() {
        #expect(KubeletKeyring.redactedKey("https://user:pa55@reg.io/v2/") == "https://<redacted>@reg.io/v2/")
        #expect(KubeletKeyring.redactedKey("user:pa55@reg.io") == "<redacted>@reg.io")
        #expect(KubeletKeyring.redactedKey("reg.io/a@b") == "reg.io/a@b")
        #expect(KubeletKeyring.redactedKey("reg.io") == "reg.io")
    }
}
