import RegProbeCLI
import Testing

struct KubeHandoffTests {
    @Test(arguments: [
        (["scan", "deploy/"], true),
        (["secret", "regcred.yaml"], true),
        (["help", "scan"], true),
        (["--secret", "s.yaml", "nginx"], true),
        (["check", "--ca-file", "ca.pem", "--secret=s.yaml", "nginx"], true),
        (["nginx", "-o", "json"], false),
        (["check", "nginx"], false),
        (["check", "--", "--secret"], false),
        (["--help"], false),
        ([], false),
        (["help", "check"], false),
    ])
    func needed(_ arguments: [String], _ expected: Bool) {
        #expect(KubeHandoff.needed(arguments) == expected)
    }
}
