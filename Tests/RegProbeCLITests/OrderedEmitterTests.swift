import RegProbe
import Synchronization
import Testing

@testable import RegProbeCLI

struct OrderedEmitterTests {
    @Test func emitsInOrderAsSoonAsThePrefixIsReady() {
        let seen = Mutex<[String]>([])
        let emitter = OrderedEmitter { verdict in seen.withLock { $0.append(verdict.image) } }
        func verdict(_ name: String) -> Verdict {
            Verdict(image: name, reference: nil, status: .exists, reason: .found, message: "")
        }
        emitter.receive(2, verdict("c"))
        #expect(seen.withLock { $0 } == [])
        emitter.receive(0, verdict("a"))
        #expect(seen.withLock { $0 } == ["a"])
        emitter.receive(1, verdict("b"))
        #expect(seen.withLock { $0 } == ["a", "b", "c"])
    }
}
