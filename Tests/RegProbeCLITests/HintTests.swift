import RegProbe
import Testing

@testable import RegProbeCLI

/// The hints: the CLI's wording of the next step, derived from a verdict's facts (status, reason, reference,
/// credential source).
struct HintTests {
    @Test func everyFailureHasAHint() throws {
        let reference = try ImageReference("reg.example.com/a/b:1")
        for status in Status.allCases {
            let hint = Hint.forVerdict(status: status, reference: reference, credentialSource: .anonymous)
            #expect((hint == nil) == (status == .exists), "\(status)")
        }
    }

    /// A verdict's hint is read from its facts: the reason picks it where the status is not enough.
    @Test func aVerdictsHintFollowsItsStatusAndReason() throws {
        let reference = try ImageReference("reg.example.com:5000/a/b:1")
        let unreachable = Verdict(
            image: "reg.example.com:5000/a/b:1", reference: reference, status: .networkError,
            reason: .connectionRefused, message: "connection refused", credentialSource: .flags)
        #expect(unreachable.hint?.contains("port") == true)
        var helper = unreachable
        helper.reason = .credentialHelperFailed
        #expect(helper.hint?.hasPrefix("fix or install the credential helper") == true)
        var found = unreachable
        found.status = .exists
        found.reason = .found
        #expect(found.hint == nil)
    }
}
