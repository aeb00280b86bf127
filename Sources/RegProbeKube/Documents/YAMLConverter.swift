import Yams

/// Turns a Yams `Node` into a ``KubeValue``, typing scalars as kubectl's YAML 1.1 reader does (see
/// ``KubeValue``), applying `<<` merge keys, and charging every value it builds to the run's
/// ``KubeValueBudget`` before building it, so that alias bombs ("billion laughs") stop while they expand.
///
/// Yams resolves an alias while composing by handing back the anchored node itself (shared storage, nothing
/// copied), so the expansion happens here, value by value: each use of an alias is built, and charged, again.
enum YAMLConverter {
    struct Failure: Error, Sendable {
        let message: String
        /// 1-based line within the converted text, when known.
        let line: Int?
        /// Set when the run's budget, not the document, is the reason.
        var exceeded: KubeValueBudgetExceeded? = nil
    }

    static let maximumDepth = 256

    static func convert(_ node: Node, budget: inout KubeValueBudget) throws(Failure) -> KubeValue {
        try convert(node, depth: 0, budget: &budget)
    }

    private static func convert(_ node: Node, depth: Int, budget: inout KubeValueBudget) throws(Failure) -> KubeValue {
        guard depth <= Self.maximumDepth else {
            throw Failure(
                message: "the document is nested more than \(Self.maximumDepth) levels deep",
                line: node.mark?.line)
        }
        do {
            if case .scalar(let scalar) = node {
                try budget.charge(bytes: scalar.string.utf8.count)
            } else {
                try budget.charge()
            }
        } catch {
            throw Failure(message: error.description, line: node.mark?.line, exceeded: error)
        }
        switch node {
        case .scalar(let scalar):
            return Self.scalarValue(scalar, tag: Tag.Name(rawValue: node.tag.rawValue))
        case .sequence(let sequence):
            var out: [KubeValue] = []
            out.reserveCapacity(sequence.count)
            for element in sequence {
                out.append(try convert(element, depth: depth + 1, budget: &budget))
            }
            return .array(out)
        case .mapping(let mapping):
            var explicit: [KubeMember] = []
            var merged: [KubeMember] = []
            for (keyNode, valueNode) in mapping {
                if case .scalar = keyNode, keyNode.tag.rawValue == Tag.Name.merge.rawValue {
                    // "<<": merge the mapping(s) given; explicit keys win, then earlier sources.
                    let sources: [Node]
                    switch valueNode {
                    case .mapping: sources = [valueNode]
                    case .sequence(let seq): sources = Array(seq)
                    default:
                        throw Failure(
                            message: "a \"<<\" merge key needs a mapping or a list of mappings",
                            line: keyNode.mark?.line)
                    }
                    for source in sources {
                        guard case .mapping = source else {
                            throw Failure(
                                message: "a \"<<\" merge key needs a mapping or a list of mappings",
                                line: keyNode.mark?.line)
                        }
                        if case .object(let members) = try convert(source, depth: depth + 1, budget: &budget) {
                            merged += members
                        }
                    }
                    continue
                }
                let key = try convert(keyNode, depth: depth + 1, budget: &budget)
                guard let keyText = key.scalarText else {
                    throw Failure(
                        message: "a mapping key is \(key.kindDescription), not a scalar",
                        line: keyNode.mark?.line)
                }
                explicit.append(KubeMember(keyText, try convert(valueNode, depth: depth + 1, budget: &budget)))
            }
            if !merged.isEmpty {
                var seen = Set(explicit.map(\.key))
                for member in merged where seen.insert(member.key).inserted {
                    explicit.append(member)
                }
            }
            return .object(explicit)
        case .alias:
            // Yams resolves aliases while composing; an alias node here would be unresolved.
            throw Failure(message: "unresolved alias", line: node.mark?.line)
        }
    }

    /// YAML 1.1 typing of a scalar (Yams' default resolver, which matches go-yaml v2's: `yes`/`on`/`off` are
    /// booleans). Timestamps, binary and custom tags stay strings, as they do in JSON.
    static func scalarValue(_ scalar: Node.Scalar, tag: Tag.Name) -> KubeValue {
        switch tag {
        case .null:
            return .null
        case .bool:
            return Bool.construct(from: scalar).map(KubeValue.bool) ?? .string(scalar.string)
        case .int:
            if let i = Int.construct(from: scalar) { return .int(i) }
            if let d = Double.construct(from: scalar) { return .double(d) }
            return .string(scalar.string)
        case .float:
            return Double.construct(from: scalar).map(KubeValue.double) ?? .string(scalar.string)
        default:
            return .string(scalar.string)
        }
    }
}
