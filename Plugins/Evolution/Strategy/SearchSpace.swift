/// One tunable knob: a name and the finite list of values it may take.
public struct Knob: Equatable, Sendable {
    public let name: String
    public let values: [JSONValue]
    /// Index in `values` of the value used when a candidate leaves it out.
    public let defaultIndex: Int
    /// True when every value is a number and the list is strictly increasing
    /// or decreasing: neighbouring indices are then neighbouring sizes, and
    /// mutation prefers small steps.
    public let isOrdered: Bool

    public init(name: String, values: [JSONValue], defaultIndex: Int = 0) {
        precondition(!values.isEmpty && values.indices.contains(defaultIndex), "a knob needs its default among its values")
        self.name = name
        self.values = values
        self.defaultIndex = defaultIndex
        self.isOrdered = Knob.isMonotonicNumbers(values)
    }

    private static func isMonotonicNumbers(_ values: [JSONValue]) -> Bool {
        var numbers: [Double] = []
        for value in values {
            guard case .number(let number) = value else { return false }
            numbers.append(number.value)
        }
        guard numbers.count >= 3 else { return false }
        let pairs = zip(numbers, numbers.dropFirst())
        return pairs.allSatisfy { $0 < $1 } || pairs.allSatisfy { $0 > $1 }
    }
}

/// A point of the search space: for each knob, in the space's knob order,
/// the index of its value. Equal assignments are the same candidate.
public struct Assignment: Hashable, Sendable, CustomStringConvertible {
    public var indices: [Int]

    public init(_ indices: [Int]) {
        self.indices = indices
    }

    public var description: String { indices.map(String.init).joined(separator: ",") }
}

/// The knobs of a tuning problem, in document order.
public struct SearchSpace: Equatable, Sendable {
    public let knobs: [Knob]

    public init(knobs: [Knob]) {
        self.knobs = knobs
    }

    /// Every knob at its default.
    public var defaultAssignment: Assignment {
        Assignment(knobs.map(\.defaultIndex))
    }

    /// How many assignments there are, saturating at `Int.max`.
    public var size: Int {
        var product = 1
        for knob in knobs {
            let (result, overflow) = product.multipliedReportingOverflow(by: knob.values.count)
            if overflow { return Int.max }
            product = result
        }
        return product
    }

    /// The index of knob `name`, if the space has it.
    public func knobIndex(named name: String) -> Int? {
        knobs.firstIndex { $0.name == name }
    }

    /// Whether `assignment` names a value of every knob.
    public func contains(_ assignment: Assignment) -> Bool {
        assignment.indices.count == knobs.count
            && zip(knobs, assignment.indices).allSatisfy { $0.values.indices.contains($1) }
    }

    /// The candidate document for `assignment`: `{"knobs": {...}}` naming
    /// every knob, in the space's order, with its value as the problem wrote it.
    public func candidateDocument(for assignment: Assignment) -> String {
        let members = zip(knobs, assignment.indices).map { knob, index in
            JSONMember(knob.name, knob.values[index])
        }
        return JSONValue.object([JSONMember("knobs", .object(members))]).text
    }

    /// The assignment a candidate document describes (knobs it leaves out
    /// take their default), or nil when it is not a `{"knobs": {...}}` of
    /// this space.
    public func assignment(fromCandidate document: JSONValue) -> Assignment? {
        guard case .object(let members)? = document["knobs"] else { return nil }
        var indices = defaultAssignment.indices
        for member in members {
            guard let knob = knobIndex(named: member.name),
                  let value = knobs[knob].values.firstIndex(of: member.value) else { return nil }
            indices[knob] = value
        }
        return Assignment(indices)
    }
}
