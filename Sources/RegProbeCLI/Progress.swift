import RegProbe
import Synchronization

/// `[done/total] N failed` on stderr while a long run is under way; cleared at the end. Only on a terminal.
public final class Progress: Sendable {
    private let total: Int
    private let enabled: Bool
    private let counts = Mutex((done: 0, failed: 0))

    public init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    public func record(_ verdict: Verdict) {
        guard enabled else { return }
        let (done, failed) = counts.withLock { counts -> (Int, Int) in
            counts.done += 1
            if verdict.status != .exists { counts.failed += 1 }
            return (counts.done, counts.failed)
        }
        if done < total { Terminal().raw("\r[\(done)/\(total)] \(failed) failed") }
    }

    public func clear() {
        guard enabled else { return }
        Terminal().raw("\r\u{1B}[K")
    }
}
