import CYAML

/// Reads one chunk of YAML (a document of ``YAMLStreamSplitter``, which may hold more than one after `...`) with
/// libyaml's event parser and builds each document's ``KubeValue`` while the events arrive: no node tree is
/// composed first.
///
/// What it builds is what kubectl's reader (sigs.k8s.io/yaml over go-yaml v2) makes of the document:
/// - scalars are typed by ``YAMLScalarResolver`` (YAML 1.1 as go-yaml v2 resolves it);
/// - mapping keys become JSON keys (``KubeValue/scalarText``); a key that is a list or a mapping is an error;
/// - `<<` merge keys write the members of the mapping (or of each mapping of a list, the last first, so that
///   earlier ones win) into the mapping being built at the point where `<<` stands, and keys after it overwrite
///   them, as go-yaml v2's `decoder.mapping` and `decoder.merge` (goyaml.v2/decode.go) do: a key written before
///   `<<` is overwritten by a merged one;
/// - a key written twice in one mapping is a problem (kubectl's strict field validation refuses it);
/// - anchors are per document (go-yaml's `parser.document`), and an alias to an anchor that is not complete
///   yet (its own content) or not defined is an error.
///
/// Budget: every value is charged to the run's ``KubeValueBudget`` before it is built: a scalar one value and
/// the bytes of its text, a list or a mapping one value (a list given to `<<` none: it is not built), a key as
/// a scalar (`<<` itself not). An alias shares the anchored value's storage and is charged again what building
/// the anchored value was charged, at once; when that does not fit, its values are charged one at a time until
/// the budget says no, so a run stops exactly at its limit, as when each value was built again.
///
/// Nesting deeper than ``maximumDepth`` (counting what aliases stand for) is an error; the reader itself keeps
/// its own stack, so no input makes it recurse.
struct YAMLEventReader {
    static let maximumDepth = 256

    /// A document that could not be built, or where libyaml stopped.
    struct Failure: Error, Sendable {
        let message: String
        /// 1-based line within the chunk, when known.
        let line: Int?
        /// Set when the run's budget, not the document, is the reason.
        var exceeded: KubeValueBudgetExceeded? = nil
        /// Set when libyaml refused the text (a scanner or parser error): nothing after it in the chunk is read.
        var syntax = false
        /// libyaml's context of a syntax error ("while parsing a block mapping") and its 1-based line in the chunk.
        var context: (text: String, line: Int)? = nil
    }

    /// One document of the chunk: its value, or why there is none.
    enum Outcome: Sendable {
        case value(KubeValue)
        case failure(Failure)
    }

    /// The documents of `bytes`, in order. Reading stops after a syntax error or when the budget is spent (the
    /// last outcome says which); a document that cannot be built is a failure and the next one is read.
    static func read(_ bytes: ArraySlice<UInt8>, budget: inout KubeValueBudget) -> [Outcome] {
        guard !bytes.isEmpty else { return [] }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return [.failure(Failure(message: "cannot parse the document", line: nil))]
        }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = YAMLEventReader(budget: budget)
            defer { budget = builder.budget }
            var event = yaml_event_t()
            // libyaml reads the input once, front to back, and ends with STREAM-END or an error: bounded.
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    // A document already refused (and being skipped) keeps its first problem.
                    if !builder.skipping { builder.outcomes.append(.failure(syntaxFailure(parser))) }
                    return builder.outcomes
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return builder.outcomes }
                if builder.handle(event) == .stop { return builder.outcomes }
            }
        }
    }

    /// libyaml's error (`column C: problem`, with its context), or the reader's problem; never the text itself
    /// (the line could hold a secret).
    private static func syntaxFailure(_ parser: yaml_parser_t) -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "cannot parse the document"
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            return Failure(
                message: "column \(parser.problem_mark.column + 1): \(problem)",
                line: Int(parser.problem_mark.line) + 1, syntax: true,
                context: parser.context.map { (String(cString: $0), Int(parser.context_mark.line) + 1) })
        case YAML_READER_ERROR:
            return Failure(message: problem, line: nil, syntax: true)
        default:
            return Failure(message: "cannot parse the document", line: nil, syntax: true)
        }
    }

    // MARK: - Building

    private var budget: KubeValueBudget
    private var outcomes: [Outcome] = []
    private var stack: [Frame] = []
    private var root: KubeValue?
    /// Complete anchored values of the current document.
    private var anchors: [String: Anchored] = [:]
    /// Anchors whose value is being built.
    private var open: Set<String> = []
    /// After a failure in a document: its remaining events are skipped.
    private var skipping = false

    private init(budget: KubeValueBudget) {
        self.budget = budget
    }

    private enum Next { case more, stop }

    private struct Anchored {
        let value: KubeValue
        let height: Int
        let values: Int
        let bytes: Int
        let isMapping: Bool
    }

    /// A value just built, handed to the collection around it.
    private struct Built {
        let value: KubeValue
        let height: Int
        let line: Int
        var isMergeKey = false
        /// Built from a list given to `<<`: its elements are the sources.
        var mergeSources = false
    }

    private struct Frame {
        enum Pending {
            case none
            case key(String)
            case merge(line: Int)
        }
        let isMapping: Bool
        let anchor: String?
        let line: Int
        let startValues: Int
        let startBytes: Int
        let mergeSources: Bool
        var items: [KubeValue] = []
        var members: [KubeMember] = []
        var positions: [String: Int] = [:]
        var written: Set<String> = []
        var pending = Pending.none
        var height = 0
    }

    private mutating func handle(_ event: yaml_event_t) -> Next {
        let line = Int(event.start_mark.line) + 1
        if skipping {
            if event.type == YAML_DOCUMENT_END_EVENT { skipping = false }
            return .more
        }
        do {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                stack = []
                root = nil
                anchors = [:]
                open = []
            case YAML_DOCUMENT_END_EVENT:
                outcomes.append(.value(root ?? .null))
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
                let tag = scalar.tag.map { String(cString: $0) }
                try scalarEvent(
                    text, tag: tag, plainImplicit: scalar.plain_implicit != 0, anchor: Self.name(scalar.anchor),
                    line: line)
            case YAML_SEQUENCE_START_EVENT:
                try start(mapping: false, anchor: Self.name(event.data.sequence_start.anchor), line: line)
            case YAML_MAPPING_START_EVENT:
                try start(mapping: true, anchor: Self.name(event.data.mapping_start.anchor), line: line)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try end()
            case YAML_ALIAS_EVENT:
                try alias(Self.name(event.data.alias.anchor) ?? "", line: line)
            default:
                break  // STREAM-START; STREAM-END ends the loop in read
            }
            return .more
        } catch {
            outcomes.append(.failure(error))
            if error.exceeded != nil { return .stop }
            skipping = true
            return .more
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// Where the next value goes: the depth it has, whether it is a mapping key, and whether it is given to `<<`.
    private var position: (depth: Int, isKey: Bool, isMergeValue: Bool) {
        guard let top = stack.last, top.isMapping else { return (stack.count, false, false) }
        switch top.pending {
        case .none: return (stack.count, true, false)
        case .key: return (stack.count, false, false)
        case .merge: return (stack.count, false, true)
        }
    }

    private mutating func charge(values: Int = 1, bytes: Int = 0, line: Int) throws(Failure) {
        do {
            try budget.charge(values: values, bytes: bytes)
        } catch {
            throw Failure(message: error.description, line: line, exceeded: error)
        }
    }

    private func checkDepth(_ depth: Int, line: Int) throws(Failure) {
        guard depth <= Self.maximumDepth else {
            throw Failure(message: "the document is nested more than \(Self.maximumDepth) levels deep", line: line)
        }
    }

    private mutating func scalarEvent(
        _ text: String, tag: String?, plainImplicit: Bool, anchor: String?, line: Int
    ) throws(Failure) {
        let position = position
        try checkDepth(position.depth, line: line)
        if position.isKey, YAMLScalarResolver.isMergeKey(text, tag: tag, plainImplicit: plainImplicit) {
            try deliver(Built(value: .string(text), height: 0, line: line, isMergeKey: true))
            return
        }
        let startValues = budget.values
        let startBytes = budget.bytes
        try charge(bytes: text.utf8.count, line: line)
        let value: KubeValue
        switch YAMLScalarResolver.resolve(text, tag: tag, plainImplicit: plainImplicit) {
        case .success(let v): value = v
        case .failure(let failure): throw Failure(message: failure.message, line: line)
        }
        if let anchor {
            anchors[anchor] = Anchored(
                value: value, height: 0, values: budget.values - startValues, bytes: budget.bytes - startBytes,
                isMapping: false)
        }
        try deliver(Built(value: value, height: 0, line: line))
    }

    private mutating func start(mapping: Bool, anchor: String?, line: Int) throws(Failure) {
        let position = position
        try checkDepth(position.depth, line: line)
        let mergeSources = !mapping && position.isMergeValue
        let frame = Frame(
            isMapping: mapping, anchor: anchor, line: line, startValues: budget.values, startBytes: budget.bytes,
            mergeSources: mergeSources)
        if !mergeSources { try charge(line: line) }
        if let anchor { open.insert(anchor) }
        stack.append(frame)
    }

    private mutating func end() throws(Failure) {
        guard let frame = stack.popLast() else { return }
        let value: KubeValue = frame.isMapping ? .object(frame.members) : .array(frame.items)
        if let anchor = frame.anchor {
            open.remove(anchor)
            anchors[anchor] = Anchored(
                value: value, height: frame.height, values: budget.values - frame.startValues,
                bytes: budget.bytes - frame.startBytes, isMapping: frame.isMapping)
        }
        try deliver(Built(value: value, height: frame.height, line: frame.line, mergeSources: frame.mergeSources))
    }

    private mutating func alias(_ name: String, line: Int) throws(Failure) {
        if open.contains(name) {
            throw Failure(message: "an alias refers to the anchor whose value contains it", line: line)
        }
        guard let anchored = anchors[name] else { throw Failure(message: "found undefined alias", line: line) }
        let position = position
        try checkDepth(position.depth + anchored.height, line: line)
        if position.isMergeValue, !anchored.isMapping {
            throw Failure(message: Self.mergeShape, line: line)
        }
        if anchored.values <= budget.maximumValues - budget.values,
            anchored.bytes <= budget.maximumBytes - budget.bytes
        {
            try charge(values: anchored.values, bytes: anchored.bytes, line: line)
        } else {
            // Does not fit (asked first: a refused charge spends the budget for good): value by value, bytes
            // last, so the run stops exactly at the value limit.
            try chargeOneByOne(anchored, line: line)
        }
        try deliver(Built(value: anchored.value, height: anchored.height, line: line))
    }

    /// Charges `anchored`'s values one at a time (no bytes), then the rest of what it cost; the caller knows the
    /// whole does not fit, so one of these charges fails.
    private mutating func chargeOneByOne(_ anchored: Anchored, line: Int) throws(Failure) {
        var charged = 0
        var pending: [KubeValue] = [anchored.value]
        // Each pass removes one value and adds its children: bounded by the value's size, and by the budget.
        while let value = pending.popLast(), charged < anchored.values {
            try charge(line: line)
            charged += 1
            switch value {
            case .array(let items): pending.append(contentsOf: items)
            case .object(let members):
                for member in members {
                    try charge(line: line)
                    charged += 1
                    pending.append(member.value)
                }
            default: break
            }
        }
        try charge(values: max(0, anchored.values - charged), bytes: anchored.bytes, line: line)
    }

    static let mergeShape = "a \"<<\" merge key needs a mapping or a list of mappings"

    /// Hands a built value to the collection it is in (or makes it the document's root).
    private mutating func deliver(_ built: Built) throws(Failure) {
        guard var top = stack.popLast() else {
            root = built.value
            return
        }
        defer { stack.append(top) }
        top.height = max(top.height, built.height + 1)
        guard top.isMapping else {
            top.items.append(built.value)
            return
        }
        switch top.pending {
        case .none:
            if built.isMergeKey {
                top.pending = .merge(line: built.line)
                return
            }
            guard let key = built.value.scalarText else {
                throw Failure(
                    message: "a mapping key is \(built.value.kindDescription), not a scalar", line: built.line)
            }
            guard top.written.insert(key).inserted else {
                throw Failure(
                    message: "duplicate mapping key \(String(reflecting: key)) (kubectl refuses duplicate fields)",
                    line: built.line)
            }
            top.pending = .key(key)
        case .key(let key):
            top.pending = .none
            Self.set(key, built.value, in: &top)
        case .merge(let line):
            top.pending = .none
            let sources: [KubeValue] = built.mergeSources ? (built.value.array ?? []).reversed() : [built.value]
            for source in sources {
                guard let members = source.members else { throw Failure(message: Self.mergeShape, line: line) }
                for member in members { Self.set(member.key, member.value, in: &top) }
            }
        }
    }

    /// Go's `SetMapIndex`: a key already there keeps its place and takes the new value.
    private static func set(_ key: String, _ value: KubeValue, in frame: inout Frame) {
        if let at = frame.positions[key] {
            frame.members[at] = KubeMember(key, value)
        } else {
            frame.positions[key] = frame.members.count
            frame.members.append(KubeMember(key, value))
        }
    }
}
