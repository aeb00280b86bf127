import RegProbe
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Table-driven tests for `DockerConfig` (the table is `testdata/dockerconfig-cases.json`, some cases point at
/// files in `testdata/dockerconfigs/`), plus `RegistryKey`, `Credential` and `CredentialSource`.
///
/// All passwords in the test data are fake. Even so, no assertion here ever puts a password into a failure
/// message: password comparisons are reduced to a `Bool` before `#expect` sees them.
@Suite("Docker config.json / auth.json")
struct DockerConfigTests {
    struct Lookup: Decodable, Sendable {
        let registry: String
        let repository: String?
        let expectUser: String?
        let expectPassword: String?
        let expectKey: String?
        let expectNone: Bool?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        /// The file's content, inline.
        let config: String?
        /// Or a file, relative to `testdata/`.
        let file: String?
        /// A substring of the expected `DockerConfigError.description`; nil when parsing must succeed.
        let error: String?
        let lookups: [Lookup]?
        /// Strings that must never appear in any description (besides every password in the case).
        let secrets: [String]?
        /// The `auths` keys, in order.
        let entryKeys: [String]?
        /// Keys whose entry has an `identitytoken` / `registrytoken` (all others must have none).
        let identityTokens: [String]?
        let registryTokens: [String]?
        let credsStore: String?
        let credHelpers: [String: String]?

        var testDescription: String { name }

        var path: String { file.map { DockerConfigTests.testdata.appendingPathComponent($0).path } ?? "inline:\(name)" }

        func bytes() throws -> [UInt8] {
            if let config { return Array(config.utf8) }
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }

        /// Every string that must not leak from this case.
        var allSecrets: [String] {
            (secrets ?? []) + (lookups ?? []).compactMap(\.expectPassword)
        }
    }

    static let testdata = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata")

    static func loadCases() throws -> [Case] {
        let data = try Data(contentsOf: testdata.appendingPathComponent("dockerconfig-cases.json"))
        return try JSONDecoder().decode([Case].self, from: data)
    }

    /// Loaded once for the parameterised tests; a loading failure shows up in `tableLoads`.
    static let cases: [Case] = (try? loadCases()) ?? []

    @Test func tableLoads() throws {
        let cases = try Self.loadCases()
        #expect(cases.count >= 25)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
        for testCase in cases {
            #expect((testCase.config == nil) != (testCase.file == nil), "\(testCase.name): exactly one of config/file")
            #expect(testCase.error == nil || testCase.lookups == nil, "\(testCase.name): error cases have no lookups")
            for secret in testCase.allSecrets where !secret.isEmpty {
                // Short secrets would make the leak checks meaningless.
                let longEnough = secret.count >= 6
                #expect(longEnough, "\(testCase.name): a secret is shorter than 6 characters")
            }
        }
    }

    @Test(arguments: cases)
    func parsesAndLooksUp(_ testCase: Case) throws {
        let bytes = try testCase.bytes()
        let result = Result { () throws(DockerConfigError) in try DockerConfig.parse(bytes, path: testCase.path) }

        if let expectedError = testCase.error {
            guard case .failure(let error) = result else {
                Issue.record("expected an error containing \(String(reflecting: expectedError))")
                return
            }
            let shown = shownSafely(error.description, secrets: testCase.allSecrets)
            let matches = error.description.contains(expectedError)
            #expect(matches, "expected an error containing \(String(reflecting: expectedError)), got \(shown)")
            #expect(error.path == testCase.path)
            let prefixed = error.description.hasPrefix(testCase.path + ": ")
            #expect(prefixed, "the description must start with the path: \(shown)")
            return
        }

        let config: DockerConfig
        switch result {
        case .success(let parsed): config = parsed
        case .failure(let error):
            Issue.record("unexpected error: \(shownSafely(error.description, secrets: testCase.allSecrets))")
            return
        }
        #expect(config.path == testCase.path)
        if let entryKeys = testCase.entryKeys {
            #expect(config.entries.map(\.key) == entryKeys)
        }
        #expect(config.credsStore == testCase.credsStore)
        #expect(config.credHelpers == (testCase.credHelpers ?? [:]))
        let withIdentity = config.entries.filter { $0.identityToken != nil }.map(\.key)
        #expect(withIdentity == (testCase.identityTokens ?? []))
        let withRegistryToken = config.entries.filter { $0.registryToken != nil }.map(\.key)
        #expect(withRegistryToken == (testCase.registryTokens ?? []))

        for lookup in testCase.lookups ?? [] {
            let registry = RegistryHost(lookup.registry)
            let found = config.credential(for: registry, repository: lookup.repository)
            let target = "\(lookup.registry) \(lookup.repository ?? "(no repository)")"
            if lookup.expectNone == true {
                #expect(found == nil, "lookup \(target) must find nothing, found key \(found?.key ?? "")")
                continue
            }
            guard let found else {
                Issue.record("lookup \(target): no credential found")
                continue
            }
            #expect(found.key == lookup.expectKey, "lookup \(target)")
            #expect(found.credential.username == lookup.expectUser, "lookup \(target)")
            let passwordMatches = found.credential.password == lookup.expectPassword
            #expect(passwordMatches, "lookup \(target): the password differs (not shown)")
        }
    }

    /// No error description, config/entry/credential description, `dump` or lookup result contains a secret.
    @Test(arguments: cases)
    func neverLeaksSecrets(_ testCase: Case) throws {
        let bytes = try testCase.bytes()
        var secrets = testCase.allSecrets
        var renderings: [String] = []
        do {
            let config = try DockerConfig.parse(bytes, path: testCase.path)
            renderings += [String(describing: config), String(reflecting: config), dumped(config), "\(config)"]
            for entry in config.entries {
                secrets += [entry.credential?.password, entry.identityToken, entry.registryToken].compactMap { $0 }
                renderings += [String(describing: entry), String(reflecting: entry), dumped(entry), dumped([entry])]
                if let credential = entry.credential {
                    renderings += [
                        credential.description, credential.debugDescription, dumped(credential), "\(credential)",
                    ]
                }
            }
            for lookup in testCase.lookups ?? [] {
                let found = config.credential(for: RegistryHost(lookup.registry), repository: lookup.repository)
                renderings += [
                    String(describing: found as Any), String(reflecting: found as Any), dumped(found as Any),
                ]
            }
        } catch {
            renderings += [error.description, error.reason, String(reflecting: error), dumped(error), "\(error)"]
        }
        secrets = secrets.filter { !$0.isEmpty }
        for (index, text) in renderings.enumerated() {
            let leaks = secrets.contains { text.contains($0) }
            #expect(!leaks, "rendering #\(index) of case \"\(testCase.name)\" contains a secret (not shown)")
        }
    }

    /// Every prefix of every table file parses or fails cleanly (no trap), and no error quotes a secret.
    @Test func everyPrefixParsesOrFailsCleanly() throws {
        for testCase in Self.cases {
            let bytes = try testCase.bytes()
            let secrets = testCase.allSecrets.filter { !$0.isEmpty }
            let step = bytes.count > 1000 ? 97 : 1  // the deep-nesting case is large; sample it
            for length in stride(from: 0, through: bytes.count, by: step) {
                do {
                    _ = try DockerConfig.parse(Array(bytes[..<length]), path: "prefix")
                } catch {
                    let leaks = secrets.contains { error.description.contains($0) }
                    #expect(
                        !leaks, "case \"\(testCase.name)\", prefix \(length): the error contains a secret (not shown)")
                }
            }
        }
    }

    // MARK: - Files

    @Test func loadReadsTheFile() throws {
        let path = Self.testdata.appendingPathComponent("dockerconfigs/podman-auth.json").path
        let loaded = try DockerConfig.load(path: path)
        let parsed = try DockerConfig.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        #expect(loaded.path == path)
        #expect(loaded.entries == parsed.entries)
        #expect(loaded.entries.count == 6)
    }

    @Test func loadNamesAMissingFile() {
        let path = "/nonexistent/regprobe-test/config.json"
        #expect {
            try DockerConfig.load(path: path)
        } throws: { error in
            guard let error = error as? DockerConfigError else { return false }
            return error.path == path && error.description == "\(path): cannot read the file: no such file"
        }
    }

    @Test func loadNamesADirectory() {
        let path = Self.testdata.appendingPathComponent("dockerconfigs").path
        #expect {
            try DockerConfig.load(path: path)
        } throws: { error in
            guard let error = error as? DockerConfigError else { return false }
            return error.path == path && error.description.hasPrefix("\(path): cannot read the file")
        }
    }

    @Test func credentialHelpers() throws {
        let mix = try DockerConfig.load(path: Self.testdata.appendingPathComponent("dockerconfigs/cloud-mix.json").path)
        #expect(mix.credentialHelper(for: RegistryHost("public.ecr.aws")) == "ecr-login")
        #expect(mix.credentialHelper(for: RegistryHost("gcr.io")) == "gcloud")
        #expect(mix.credentialHelper(for: RegistryHost("quay.io")) == nil)
        let desktop = try DockerConfig.load(
            path: Self.testdata.appendingPathComponent("dockerconfigs/docker-desktop.json").path)
        #expect(desktop.credentialHelper(for: RegistryHost("docker.io")) == "desktop")
        #expect(desktop.credentialHelper(for: RegistryHost("ghcr.io")) == "desktop")
    }

    // MARK: - RegistryKey

    struct KeyCase: Sendable, CustomTestStringConvertible {
        let key: String
        let host: String
        let path: String?
        var testDescription: String { key.isEmpty ? "(empty)" : key }
    }

    static let keyCases: [KeyCase] = [
        KeyCase(key: "https://index.docker.io/v1/", host: "docker.io", path: nil),
        KeyCase(key: "index.docker.io", host: "docker.io", path: nil),
        KeyCase(key: "docker.io", host: "docker.io", path: nil),
        KeyCase(key: "registry-1.docker.io", host: "docker.io", path: nil),
        KeyCase(key: "https://registry-1.docker.io", host: "docker.io", path: nil),
        KeyCase(key: "docker.io/library", host: "docker.io", path: "library"),
        KeyCase(key: "ghcr.io", host: "ghcr.io", path: nil),
        KeyCase(key: "GHCR.IO", host: "ghcr.io", path: nil),
        KeyCase(key: "localhost:5000", host: "localhost:5000", path: nil),
        KeyCase(key: "http://localhost:5000/", host: "localhost:5000", path: nil),
        KeyCase(key: "https://registry.example.com", host: "registry.example.com", path: nil),
        KeyCase(key: "https://registry.example.com/v1/", host: "registry.example.com", path: nil),
        KeyCase(key: "https://registry.example.com/v2/", host: "registry.example.com", path: nil),
        KeyCase(key: "https://registry.example.com/some/path", host: "registry.example.com", path: nil),
        KeyCase(key: "registry.example.com/v2/", host: "registry.example.com", path: nil),
        KeyCase(key: "registry.example.com/v2", host: "registry.example.com", path: "v2"),
        KeyCase(key: "quay.io/org", host: "quay.io", path: "org"),
        KeyCase(key: "quay.io/org/repo/", host: "quay.io", path: "org/repo"),
        KeyCase(key: "quay.io//Org//Repo", host: "quay.io", path: "org/repo"),
        KeyCase(key: "  quay.io/org  ", host: "quay.io", path: "org"),
        KeyCase(key: "[::1]:5000", host: "[::1]:5000", path: nil),
        KeyCase(key: "HTTPS://[FD00::2]:5443/v2/", host: "[fd00::2]:5443", path: nil),
        KeyCase(key: "", host: "", path: nil),
    ]

    @Test(arguments: keyCases)
    func normalizesKeys(_ keyCase: KeyCase) {
        let normalized = RegistryKey.normalize(keyCase.key)
        #expect(normalized.host == keyCase.host)
        #expect(normalized.path == keyCase.path)
    }

    // MARK: - Credential, CredentialSource

    @Test func credentialIsRedactedEverywhere() {
        let credential = Credential(username: "ci", password: "pw-hunter2-0001")
        let secrets = ["pw-hunter2-0001"]
        let expected = #"Credential(user: "ci", password: <redacted>)"#
        let descriptionMatches = credential.description == expected
        #expect(descriptionMatches, "description is \(shownSafely(credential.description, secrets: secrets))")
        let debugDescriptionMatches = credential.debugDescription == expected
        #expect(
            debugDescriptionMatches, "debugDescription is \(shownSafely(credential.debugDescription, secrets: secrets))"
        )

        struct Holder {
            let credential: Credential
            let optional: Credential?
        }
        let holder = Holder(credential: credential, optional: credential)
        var printed = ""
        print(credential, to: &printed)
        debugPrint(credential, to: &printed)
        print([credential], to: &printed)
        print(holder, to: &printed)
        debugPrint(holder, to: &printed)
        let renderings = [
            "\(credential)", String(describing: credential), String(reflecting: credential),
            String(describing: Optional(credential)), String(describing: holder), String(reflecting: holder),
            dumped(credential), dumped(holder), dumped([credential]), printed,
        ]
        for (index, text) in renderings.enumerated() {
            let leaks = text.contains("pw-hunter2-0001")
            #expect(!leaks, "rendering #\(index) leaks the password")
            let hasUsername = text.contains("ci")
            #expect(hasUsername, "rendering #\(index) lost the username")
        }
        let children = Mirror(reflecting: credential).children.map { "\($0.label ?? ""): \($0.value)" }
        let mirrorIsRedacted = children == ["username: ci", "password: <redacted>"]
        #expect(mirrorIsRedacted, "the Mirror of a Credential must show the username and <redacted>")
    }

    @Test func authEntryIsRedacted() {
        let entry = DockerConfig.AuthEntry(
            key: "myregistry.azurecr.io",
            credential: Credential(username: "00000000-0000-0000-0000-000000000000", password: "pw-entry-0001"),
            identityToken: "pw-identity-0001",
            registryToken: nil
        )
        for text in [String(describing: entry), String(reflecting: entry), dumped(entry)] {
            let leaks = text.contains("pw-entry-0001") || text.contains("pw-identity-0001")
            #expect(!leaks, "an AuthEntry rendering leaks a secret")
            let hasKey = text.contains("myregistry.azurecr.io")
            #expect(hasKey, "an AuthEntry rendering lost the key")
        }
    }

    @Test func credentialSourceDescriptions() {
        #expect(CredentialSource.flags.description == "flags")
        #expect(CredentialSource.environment.description == "env")
        #expect(CredentialSource.anonymous.description == "anonymous")
        #expect(
            CredentialSource.authFile(path: "/root/.docker/config.json", key: "https://index.docker.io/v1/").description
                == "/root/.docker/config.json (key https://index.docker.io/v1/)")
    }

    @Test func errorDescription() {
        let error = DockerConfigError(path: "/x/config.json", reason: "entry \"r\": auth is not valid base64")
        #expect(error.description == #"/x/config.json: entry "r": auth is not valid base64"#)
    }
}

/// `text`, unless it contains one of the secrets: then a placeholder, so that a failing test never prints a
/// password, even a fake one.
private func shownSafely(_ text: String, secrets: [String]) -> String {
    secrets.contains { !$0.isEmpty && text.contains($0) } ? "<hidden: it contains a secret>" : String(reflecting: text)
}

/// What `dump` prints for a value.
private func dumped(_ value: Any) -> String {
    var output = ""
    dump(value, to: &output)
    return output
}
