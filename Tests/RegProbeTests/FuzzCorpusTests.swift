import Foundation
import Testing

@testable import RegProbe

/// Every fuzz seed and every input a fuzzer once crashed on (testdata/fuzz/<target>/ and
/// testdata/fuzz/regressions/<target>/), replayed through the parsers on each test run, with the invariants the
/// drivers in Fuzz/ check that need no sanitizer: no trap, and answers that agree with themselves.
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/fuzz")

    static func inputs(_ target: String) -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        for dir in [root.appendingPathComponent(target), root.appendingPathComponent("regressions/\(target)")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() {
                if let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) {
                    result.append(("\(target)/\(name)", Array(data)))
                }
            }
        }
        return result
    }

    @Test func everyTargetHasACorpus() {
        for target in [
            "reference", "challenge", "dockerconfig", "bearertoken", "manifest", "helperresponse", "yamlbudget",
        ] {
            #expect(!Self.inputs(target).isEmpty, "\(target)")
        }
    }

    @Test func references() {
        for (name, bytes) in Self.inputs("reference") {
            if case .success(let reference) = ImageReference.parse(String(decoding: bytes, as: UTF8.self)),
                reference.normalized.count <= 255
            {
                guard case .success(let again) = ImageReference.parse(reference.normalized) else {
                    Issue.record("\(name): normalized form does not parse")
                    continue
                }
                #expect(again.normalized == reference.normalized, "\(name)")
            }
        }
    }

    @Test func challenges() {
        for (name, bytes) in Self.inputs("challenge") {
            let values = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            for challenge in AuthChallenge.parse(headerValues: values) {
                #expect(challenge.scheme == challenge.scheme.lowercased(), "\(name)")
                // What is printed parses back to the same challenge.
                let again = AuthChallenge.parse(headerValues: [challenge.description])
                #expect(
                    again.first?.scheme == challenge.scheme && again.first?.parameters == challenge.parameters,
                    "\(name)")
            }
        }
    }

    @Test func dockerConfigs() {
        for (name, bytes) in Self.inputs("dockerconfig") {
            switch Result(catching: { () throws(DockerConfigError) -> DockerConfig in
                try DockerConfig.parse(bytes, path: "/fuzz/\(name)")
            }) {
            case .success(let config):
                for entry in config.entries where entry.credential != nil {
                    _ = config.credential(for: RegistryHost(RegistryKey.normalize(entry.key).host), repository: nil)
                }
            case .failure(let error):
                #expect(!error.reason.isEmpty, "\(name)")
            }
        }
    }

    @Test func tokensAndManifests() {
        for (_, bytes) in Self.inputs("bearertoken") {
            if let token = try? BearerToken.decode(bytes) { #expect(!token.value.isEmpty) }
        }
        for (name, bytes) in Self.inputs("manifest") {
            if let type = ManifestSniffer.mediaType(of: bytes) { #expect(MediaType.isManifest(type), "\(name)") }
            for error in DistributionError.parse(bytes) { #expect(error.code == error.code.uppercased()) }
            #expect(ManifestDigester.digest(bytes).flatMap(Digest.init(parsing:)) != nil)
        }
    }

    /// Credential helper answers (the driver's raw invariants; its seeds in secrets mode are read raw here too).
    @Test func helperResponses() {
        let helper = CredentialHelper(name: "fuzz")
        for (name, bytes) in Self.inputs("helperresponse") {
            guard let first = bytes.first else { continue }
            let exitCode = Int32(first & 0x7F)
            let output = Array(bytes.dropFirst())
            let response = HelperResponse.parse(exitCode: exitCode, output: output)
            #expect(response == HelperResponse.parse(exitCode: exitCode, output: output), "\(name)")
            switch response {
            case .credential(let credential): #expect(exitCode == 0 && !credential.password.isEmpty, "\(name)")
            case .failed(let code, _): #expect(code == exitCode && code != 0, "\(name)")
            case .malformed: #expect(exitCode == 0, "\(name)")
            case .notFound: break
            }
            if case .failure(let failure) = helper.outcome(of: response, server: "r") {
                let scalars = failure.message.unicodeScalars
                #expect(!scalars.contains { $0.properties.generalCategory == .control }, "\(name)")
                #expect(!failure.message.contains("S3CR3T"), "\(name)")
            }
        }
    }
}
