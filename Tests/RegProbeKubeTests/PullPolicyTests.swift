import RegProbe
import Testing

@testable import RegProbeKube

/// R3.1 pull-policy defaulting and R2 kubelet image-name parsing.
@Suite("pull policy (R3.1) and image names (R2)")
struct PullPolicyTests {
    static let digest = "sha256:" + String(repeating: "ab", count: 32)

    @Test(arguments: [
        ("nginx", PullPolicy.always),
        ("nginx:latest", .always),
        ("nginx:1.25", .ifNotPresent),
        ("nginx:Latest", .ifNotPresent),
        ("nginx@\(digest)", .ifNotPresent),
        ("nginx:latest@\(digest)", .always),
        ("nginx:1.25@\(digest)", .ifNotPresent),
        ("reg.io:5000/app", .always),
        ("reg.io:5000/app:latest", .always),
        ("reg.io:5000/app:5000", .ifNotPresent),
        ("localhost:5000", .ifNotPresent),  // docker.io/library/localhost, tag 5000
        ("MyRegistry/app", .always),  // valid for kubelet (uppercase first component is a host)
        ("Nginx", .ifNotPresent),  // unparseable: the error is ignored
        ("nginx:", .ifNotPresent),
        ("", .ifNotPresent),
        (" nginx", .ifNotPresent),
    ])
    func defaulting(_ image: String, _ expected: PullPolicy) {
        #expect(PullPolicy.defaulted(for: image) == expected)
        #expect(PullPolicy.effective(explicit: nil, image: image) == expected)
        #expect(PullPolicy.effective(explicit: "", image: image) == expected)
    }

    @Test(arguments: [
        ("Always", "nginx:1.0", PullPolicy?.some(.always)),
        ("Never", "nginx", .some(.never)),
        ("IfNotPresent", "nginx:latest", .some(.ifNotPresent)),
        ("always", "nginx", nil),
        ("Sometimes", "nginx", nil),
    ])
    func explicitValuesAreKept(_ explicit: String, _ image: String, _ expected: PullPolicy?) {
        #expect(PullPolicy.effective(explicit: explicit, image: image) == expected)
    }

    struct NameCase: Sendable, CustomTestStringConvertible {
        let image: String
        let repoToPull: String?
        let checkedRegistry: String?
        var testDescription: String { image }
    }

    @Test(arguments: [
        NameCase(image: "nginx", repoToPull: "docker.io/library/nginx", checkedRegistry: "docker.io"),
        NameCase(image: "index.docker.io/nginx", repoToPull: "docker.io/library/nginx", checkedRegistry: "docker.io"),
        NameCase(
            image: "registry-1.docker.io/nginx", repoToPull: "registry-1.docker.io/nginx", checkedRegistry: "docker.io"),
        NameCase(image: "myorg/app:1", repoToPull: "docker.io/myorg/app", checkedRegistry: "docker.io"),
        NameCase(image: "localhost/app", repoToPull: "localhost/app", checkedRegistry: "localhost"),
        NameCase(
            image: "localhost:5000/a/b:1@\(digest)", repoToPull: "localhost:5000/a/b", checkedRegistry: "localhost:5000"
        ),
        NameCase(
            image: "Registry.Example.com/app", repoToPull: "Registry.Example.com/app",
            checkedRegistry: "Registry.Example.com"),
        NameCase(image: "MyRegistry/app:1", repoToPull: "MyRegistry/app", checkedRegistry: nil),
        NameCase(image: "MyRegistry/App", repoToPull: nil, checkedRegistry: nil),
        NameCase(image: "Nginx", repoToPull: nil, checkedRegistry: nil),
        NameCase(image: String(repeating: "a", count: 64), repoToPull: nil, checkedRegistry: nil),
        NameCase(image: "https://reg.io/app", repoToPull: nil, checkedRegistry: nil),
        // R2.7: distribution reads a "_" host as part of a whole-name path; kubelet keeps the name as written.
        NameCase(
            image: "my_registry.example.com/app", repoToPull: "my_registry.example.com/app",
            checkedRegistry: "my_registry.example.com"),
        NameCase(
            image: "my_registry.example.com/app@\(digest)", repoToPull: "my_registry.example.com/app",
            checkedRegistry: "my_registry.example.com"),
        NameCase(image: "my_registry.example.com:5000/app", repoToPull: nil, checkedRegistry: nil),
        NameCase(image: "My_registry.example.com/app", repoToPull: nil, checkedRegistry: nil),
        NameCase(image: "my_registry/app", repoToPull: "docker.io/my_registry/app", checkedRegistry: "docker.io"),
        // R2.8: any port digits.
        NameCase(
            image: "reg.example.com:65536/app", repoToPull: "reg.example.com:65536/app",
            checkedRegistry: "reg.example.com:65536"),
        NameCase(image: "[::1]:123456/a/b:1", repoToPull: "[::1]:123456/a/b", checkedRegistry: "[::1]:123456"),
        NameCase(image: "reg.example.com:6553x/app", repoToPull: nil, checkedRegistry: nil),
    ])
    func kubeletNames(_ c: NameCase) {
        switch KubeletImageName.parse(c.image) {
        case .success(let name):
            #expect(name.repoToPull == c.repoToPull)
            #expect(name.reference?.registry.name == c.checkedRegistry)
            #expect(name.hostOutsideDomainGrammar == c.image.hasPrefix("my_registry."))
        case .failure(let error):
            #expect(c.repoToPull == nil, "\(error)")
        }
    }
}
