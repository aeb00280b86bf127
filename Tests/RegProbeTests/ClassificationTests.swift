import Testing

@testable import RegProbe

/// The rules that turn a refusal into a status word, as a table.
struct ClassificationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let reference: String
        let answer: ManifestAnswer
        let status: Status
        let messageContains: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "404 manifest unknown", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(
                method: .get, status: 404, errors: [.init(code: "MANIFEST_UNKNOWN", message: "manifest unknown")]),
            status: .notFound, messageContains: "manifest 1 not found in repository a/b"),
        Case(
            name: "404 name unknown", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(
                method: .get, status: 404, errors: [.init(code: "NAME_UNKNOWN", message: "repository name not known")]),
            status: .notFound, messageContains: "repository a/b not found"),
        Case(
            name: "HEAD 404 without body", reference: "reg.example.com/a/b@sha256:" + String(repeating: "1", count: 64),
            answer: ManifestAnswer(method: .head, status: 404), status: .notFound, messageContains: "a/b@sha256:1111"),
        Case(
            name: "403 denied", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(
                method: .head, status: 403,
                errors: [.init(code: "DENIED", message: "requested access to the resource is denied")], username: "ci",
                authScheme: .basic),
            status: .denied, messageContains: "denied user \"ci\" pull access to a/b"),
        Case(
            name: "401 anonymous, private registry", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(method: .head, status: 401), status: .unauthorized,
            messageContains: "requires credentials"),
        Case(
            name: "401 anonymous on Docker Hub may not exist", reference: "someone/nginx",
            answer: ManifestAnswer(method: .head, status: 401), status: .unauthorized,
            messageContains: "may also not exist (did you mean library/nginx?)"),
        Case(
            name: "401 anonymous on Docker Hub, library image: no suggestion", reference: "nginxx",
            answer: ManifestAnswer(method: .head, status: 401), status: .unauthorized,
            messageContains: "may also not exist"),
        Case(
            name: "401 with Basic credentials: rejected", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(method: .head, status: 401, username: "ci", authScheme: .basic),
            status: .unauthorized, messageContains: "rejected the credentials of user \"ci\""),
        Case(
            name: "401 with a token made from accepted credentials: denied", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(method: .head, status: 401, username: "bob", authScheme: .bearer),
            status: .denied, messageContains: "token grants no pull access to a/b"),
        Case(
            name: "401 with anonymous token: unauthorized", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(method: .head, status: 401, username: nil, authScheme: .bearer),
            status: .unauthorized, messageContains: "requires credentials"),
        Case(
            name: "401 DENIED code with credentials", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(
                method: .get, status: 401, errors: [.init(code: "DENIED", message: "no")], username: "ci",
                authScheme: .basic),
            status: .denied, messageContains: "denied user \"ci\""),
        Case(
            name: "429", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(
                method: .head, status: 429,
                rateLimit: RateLimit(limit: "100;w=21600", remaining: "0;w=21600", retryAfter: "30")),
            status: .rateLimited, messageContains: "rate-limiting"),
        Case(
            name: "TOOMANYREQUESTS under another status", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(
                method: .get, status: 403, errors: [.init(code: "TOOMANYREQUESTS", message: "slow down")]),
            status: .rateLimited, messageContains: "slow down"),
        Case(
            name: "500", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(method: .head, status: 500), status: .serverError, messageContains: "HTTP 500"),
        Case(
            name: "503 with registry words", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(
                method: .get, status: 503, errors: [.init(code: "UNAVAILABLE", message: "maintenance")]),
            status: .serverError, messageContains: "UNAVAILABLE: maintenance"),
        Case(
            name: "418 is unexpected", reference: "reg.example.com/a/b:1",
            answer: ManifestAnswer(method: .get, status: 418), status: .serverError,
            messageContains: "unexpected HTTP 418"),
    ]

    @Test(arguments: cases)
    func classify(_ c: Case) throws {
        let reference = try ImageReference(c.reference)
        let problem = Classification.classify(c.answer, reference: reference)
        #expect(problem.status == c.status)
        #expect(problem.message.contains(c.messageContains), "\(problem.message)")
        #expect(problem.httpStatus == c.answer.status)
    }

    struct ExitCase: Sendable, CustomTestStringConvertible {
        let statuses: [Status]
        let code: Int32
        var testDescription: String { statuses.map(\.rawValue).joined(separator: ",") + " -> \(code)" }
    }

    static let exitCases: [ExitCase] = [
        ExitCase(statuses: [], code: 0),
        ExitCase(statuses: [.exists, .exists], code: 0),
        ExitCase(statuses: [.exists, .notFound], code: 1),
        ExitCase(statuses: [.platformMissing], code: 1),
        ExitCase(statuses: [.notFound, .unauthorized], code: 2),
        ExitCase(statuses: [.denied, .networkError], code: 2),
        ExitCase(statuses: [.networkError], code: 3),
        ExitCase(statuses: [.tlsError, .exists], code: 3),
        ExitCase(statuses: [.serverError], code: 3),
        ExitCase(statuses: [.rateLimited, .notFound], code: 1),
        ExitCase(statuses: [.invalidReference, .unauthorized, .notFound, .networkError], code: 4),
    ]

    @Test(arguments: exitCases)
    func exitCode(_ c: ExitCase) {
        #expect(RunExitCode.forRun(c.statuses) == c.code)
    }
}
