// libFuzzer driver: the manifest loader and its budget — `KubeDocumentLoader.parse(bytes:file:budget:)` over
// kubectl's JSON-or-YAML choice (`YAMLOrJSONDecoder`), libyaml's events read by `YAMLEventReader` (aliases, merge
// keys, go-yaml's scalars), the JSON reader and `List` flattening, every value charged to a small `KubeValueBudget`.
//
// Compiled into the RegProbeKube module (not RegProbe, as the drivers in Fuzz/ are), linked with the system's
// libyaml: see scripts/fuzz.
//
// Input: the manifest bytes. The budget is small (2,000 values, 64 KiB of text) so alias bombs reach it at once.
// Invariants (a violation traps): nothing traps; the budget never passes its limits; the reading stops exactly
// when the budget is spent, and then the stop is the last problem; the documents hold no more values, and no
// more string bytes, than were charged (values are charged as they are built, aliases each time); the same
// input with the same budget gives the same answer; with four times the budget, the documents and problems
// before a stop come out the same (a stop cuts the input short, it does not change what was read before it).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    YAMLBudgetFuzzer.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

enum YAMLBudgetFuzzer {
    static let maximumValues = 2_000
    static let maximumBytes = 64 << 10

    static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("fuzz invariant violated: \(message())") }
    }

    static func check(_ bytes: [UInt8]) {
        var budget = KubeValueBudget(maximumValues: maximumValues, maximumBytes: maximumBytes)
        let set = KubeDocumentLoader.parse(bytes: bytes, file: "f", budget: &budget)
        require(budget.values <= maximumValues && budget.bytes <= maximumBytes, "the budget passed its limits")
        require((set.stopped != nil) == (budget.exceeded != nil), "stopped without a spent budget, or the reverse")
        if let stopped = set.stopped {
            require(set.problems.last == stopped, "the stop is not the last problem")
            require(stopped.message == budget.exceeded?.description, "the stop does not say the limit")
        }
        let built = set.documents.reduce(into: (values: 0, bytes: 0)) { total, document in
            let counts = count(document.value)
            total.values += counts.values
            total.bytes += counts.bytes
        }
        require(built.values <= budget.values, "\(built.values) values built, \(budget.values) charged")
        require(built.bytes <= budget.bytes, "\(built.bytes) string bytes built, \(budget.bytes) charged")

        var again = KubeValueBudget(maximumValues: maximumValues, maximumBytes: maximumBytes)
        require(
            KubeDocumentLoader.parse(bytes: bytes, file: "f", budget: &again) == set && again == budget,
            "not deterministic")

        guard set.stopped != nil else { return }
        var larger = KubeValueBudget(maximumValues: 4 * maximumValues, maximumBytes: 4 * maximumBytes)
        let more = KubeDocumentLoader.parse(bytes: bytes, file: "f", budget: &larger)
        require(more.documents.starts(with: set.documents), "a larger budget changed the documents before the stop")
        require(
            more.problems.starts(with: set.problems.dropLast()),
            "a larger budget changed the problems before the stop")
    }

    /// Every value of a document (each member's key counts as one, as the converters charge it) and the bytes of
    /// its strings (keys and numbers are charged as written, which their Swift text may not match).
    static func count(_ value: KubeValue) -> (values: Int, bytes: Int) {
        switch value {
        case .null, .bool, .int, .double: return (1, 0)
        case .string(let s): return (1, s.utf8.count)
        case .array(let elements):
            return elements.reduce(into: (1, 0)) { total, element in
                let c = count(element)
                total.0 += c.values
                total.1 += c.bytes
            }
        case .object(let members):
            return members.reduce(into: (1, 0)) { total, member in
                let c = count(member.value)
                total.0 += 1 + c.values
                total.1 += c.bytes
            }
        }
    }
}
