import RegProbe

extension Verdict {
    /// The next step for the user; nil when the image exists. Derived from the status and reason when read, never
    /// stored: it cannot disagree with them.
    var hint: String? {
        Hint.forVerdict(status: status, reason: reason, reference: reference, credentialSource: credentialSource)
    }
}
