/// What a check must prove about each image, apart from how it talks to registries (`CheckOptions`): the platforms
/// every image must have, how far to go (the manifest, or everything a pull fetches), and the time it may take.
public struct CheckRequest: Sendable, Hashable {
    /// Platforms every image must have (`--platform`, repeatable).
    public var platforms: [Platform]
    /// `manifest` (the default): the manifest answers. `pull` (`--deep`): everything a pull fetches is there.
    public var depth: PullDepth
    /// Time limit for one image's check, all its requests together (`--timeout`).
    public var timeoutSeconds: Double

    public init(platforms: [Platform] = [], depth: PullDepth = .manifest, timeoutSeconds: Double = 30) {
        self.platforms = platforms
        self.depth = depth
        self.timeoutSeconds = timeoutSeconds
    }

    /// When one image's check must be done, counted from now.
    var deadline: ContinuousClock.Instant {
        ContinuousClock.now + .milliseconds(Int(timeoutSeconds * 1000))
    }
}
