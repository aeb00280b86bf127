import RegProbe
import Synchronization

/// Turns verdicts that arrive in completion order into output in the order the images were given: each
/// verdict is emitted as soon as every earlier one has been.
final class OrderedEmitter: Sendable {
    private struct State {
        var pending: [Int: Verdict] = [:]
        var next = 0
    }

    private let state = Mutex(State())
    private let emit: @Sendable (Verdict) -> Void

    init(emit: @escaping @Sendable (Verdict) -> Void) { self.emit = emit }

    /// Emits under the lock, so two callers cannot interleave their output.
    func receive(_ index: Int, _ verdict: Verdict) {
        state.withLock { state in
            state.pending[index] = verdict
            while let next = state.pending.removeValue(forKey: state.next) {
                emit(next)
                state.next += 1
            }
        }
    }
}
