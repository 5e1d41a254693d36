import Foundation

// The target-neutral loop AST produced by polyhedral code generation and
// consumed by back ends. JSON encodings are written by hand so the wire format
// stays stable regardless of Swift's synthesized Codable conventions.

/// A node of the loop AST.
///
/// JSON: an object with a `"kind"` discriminator — `"for"`, `"if"`, `"block"`,
/// `"statement"` or `"mark"` — plus the fields of the payload.
public indirect enum LoopNode: Codable, Equatable, Sendable {
    /// A counted loop.
    case forLoop(ForLoop)
    /// A conditional.
    case ifThen(IfThen)
    /// Children executed in order. JSON: `{"kind":"block","children":[…]}`.
    case block([LoopNode])
    /// One execution of a statement instance.
    case statement(StatementCall)
    /// An annotated subtree.
    case mark(Mark)

    private enum CodingKeys: String, CodingKey {
        case kind, children
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "for": self = .forLoop(try ForLoop(from: decoder))
        case "if": self = .ifThen(try IfThen(from: decoder))
        case "block": self = .block(try container.decode([LoopNode].self, forKey: .children))
        case "statement": self = .statement(try StatementCall(from: decoder))
        case "mark": self = .mark(try Mark(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown loop node kind '\(kind)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .forLoop(let loop):
            try container.encode("for", forKey: .kind)
            try loop.encode(to: encoder)
        case .ifThen(let branch):
            try container.encode("if", forKey: .kind)
            try branch.encode(to: encoder)
        case .block(let children):
            try container.encode("block", forKey: .kind)
            try container.encode(children, forKey: .children)
        case .statement(let call):
            try container.encode("statement", forKey: .kind)
            try call.encode(to: encoder)
        case .mark(let mark):
            try container.encode("mark", forKey: .kind)
            try mark.encode(to: encoder)
        }
    }
}

/// `for (iterator = lowerBound; condition; iterator += step) body`.
///
/// JSON (inside a `"kind":"for"` node): `iterator`, `lowerBound`, `condition`,
/// `step`, `parallel`, `vector`, `dependenceFree`, `body`.
public struct ForLoop: Codable, Equatable, Sendable {
    /// The name of the loop variable, e.g. `c0`.
    public var iterator: String
    /// The first value of the iterator.
    public var lowerBound: AstExpr
    /// A comparison involving the iterator; the loop runs while it holds.
    public var condition: AstExpr
    /// The positive increment of the iterator.
    public var step: Int
    /// The loop body.
    public var body: LoopNode
    /// The outermost loop of its nest that carries no dependence: iterations
    /// may run concurrently (where OpenMP-style parallelism goes).
    public var parallel: Bool
    /// An innermost loop that carries no dependence: a vectorization candidate.
    public var vector: Bool
    /// The loop carries no dependence, whether or not it was chosen as
    /// `parallel` (an inner loop of an already parallel nest, say).
    public var dependenceFree: Bool

    /// A loop with the given parts; flags default to `false` (a sequential loop).
    public init(iterator: String, lowerBound: AstExpr, condition: AstExpr, step: Int = 1, body: LoopNode,
                parallel: Bool = false, vector: Bool = false, dependenceFree: Bool = false) {
        self.iterator = iterator
        self.lowerBound = lowerBound
        self.condition = condition
        self.step = step
        self.body = body
        self.parallel = parallel
        self.vector = vector
        self.dependenceFree = dependenceFree
    }

    private enum CodingKeys: String, CodingKey {
        case iterator, lowerBound, condition, step, parallel, vector, dependenceFree, body
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iterator = try container.decode(String.self, forKey: .iterator)
        lowerBound = try container.decode(AstExpr.self, forKey: .lowerBound)
        condition = try container.decode(AstExpr.self, forKey: .condition)
        step = try container.decode(Int.self, forKey: .step)
        parallel = try container.decodeIfPresent(Bool.self, forKey: .parallel) ?? false
        vector = try container.decodeIfPresent(Bool.self, forKey: .vector) ?? false
        dependenceFree = try container.decodeIfPresent(Bool.self, forKey: .dependenceFree) ?? false
        body = try container.decode(LoopNode.self, forKey: .body)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(iterator, forKey: .iterator)
        try container.encode(lowerBound, forKey: .lowerBound)
        try container.encode(condition, forKey: .condition)
        try container.encode(step, forKey: .step)
        try container.encode(parallel, forKey: .parallel)
        try container.encode(vector, forKey: .vector)
        try container.encode(dependenceFree, forKey: .dependenceFree)
        try container.encode(body, forKey: .body)
    }
}

/// `if (condition) then else otherwise`.
///
/// JSON (inside a `"kind":"if"` node): `condition`, `then`, and `else` when present.
public struct IfThen: Codable, Equatable, Sendable {
    /// The guard.
    public var condition: AstExpr
    /// Executed when `condition` holds.
    public var then: LoopNode
    /// Executed otherwise, if present.
    public var `else`: LoopNode?

    /// A conditional, with an optional else branch.
    public init(condition: AstExpr, then: LoopNode, else otherwise: LoopNode? = nil) {
        self.condition = condition
        self.then = then
        self.else = otherwise
    }

    private enum CodingKeys: String, CodingKey {
        case condition, then, `else`
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        condition = try container.decode(AstExpr.self, forKey: .condition)
        then = try container.decode(LoopNode.self, forKey: .then)
        self.else = try container.decodeIfPresent(LoopNode.self, forKey: .else)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(condition, forKey: .condition)
        try container.encode(then, forKey: .then)
        try container.encodeIfPresent(self.else, forKey: .else)
    }
}

/// One execution of statement `name`.
///
/// JSON (inside a `"kind":"statement"` node): `name`, `arguments`.
public struct StatementCall: Codable, Equatable, Sendable {
    /// The statement's name, e.g. `S0`.
    public var name: String
    /// The values of the statement's original iterators, one per iterator, in
    /// the order of its iteration domain, expressed in the enclosing loop iterators.
    public var arguments: [AstExpr]

    /// A call of statement `name` with one argument per original iterator.
    public init(name: String, arguments: [AstExpr]) {
        self.name = name
        self.arguments = arguments
    }

    private enum CodingKeys: String, CodingKey {
        case name, arguments
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        arguments = try container.decode([AstExpr].self, forKey: .arguments)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(arguments, forKey: .arguments)
    }
}

/// A named annotation on a subtree (e.g. a schedule tree mark).
///
/// JSON (inside a `"kind":"mark"` node): `name`, `body`.
public struct Mark: Codable, Equatable, Sendable {
    /// The mark's name.
    public var name: String
    /// The annotated subtree.
    public var body: LoopNode

    /// A mark called `name` around `body`.
    public init(name: String, body: LoopNode) {
        self.name = name
        self.body = body
    }

    private enum CodingKeys: String, CodingKey {
        case name, body
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        body = try container.decode(LoopNode.self, forKey: .body)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(body, forKey: .body)
    }
}

/// An integer expression of the loop AST; all arithmetic is on mathematical integers.
///
/// JSON: `{"int":3}`, `{"id":"n"}` or `{"op":"add","args":[…]}`.
public indirect enum AstExpr: Codable, Equatable, Sendable {
    /// An integer literal.
    case int(Int)
    /// A parameter or loop iterator.
    case identifier(String)
    /// An operator applied to operands; see `AstOp` for arities and meaning.
    case operation(op: AstOp, args: [AstExpr])

    private enum CodingKeys: String, CodingKey {
        case int, id, op, args
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(Int.self, forKey: .int) {
            self = .int(value)
        } else if let name = try container.decodeIfPresent(String.self, forKey: .id) {
            self = .identifier(name)
        } else if let op = try container.decodeIfPresent(AstOp.self, forKey: .op) {
            self = .operation(op: op, args: try container.decode([AstExpr].self, forKey: .args))
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expression needs 'int', 'id' or 'op'"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .int(let value):
            try container.encode(value, forKey: .int)
        case .identifier(let name):
            try container.encode(name, forKey: .id)
        case .operation(let op, let args):
            try container.encode(op, forKey: .op)
            try container.encode(args, forKey: .args)
        }
    }
}

/// The operators of `AstExpr`. JSON: the case name as a string, e.g. `"floorDiv"`.
public enum AstOp: String, Codable, Equatable, Sendable, CaseIterable {
    /// Logical conjunction of two or more comparisons.
    case and
    /// Logical disjunction of two or more comparisons.
    case or
    /// Maximum of two or more operands.
    case max
    /// Minimum of two or more operands.
    case min
    /// Unary negation.
    case minus
    /// `a + b`.
    case add
    /// `a - b`.
    case sub
    /// `a * b`.
    case mul
    /// Exact division: `a / b` where `b` is known to divide `a`.
    case div
    /// Floor division: `⌊a / b⌋`, rounding towards negative infinity for any sign of `a`.
    case floorDiv
    /// Quotient `a / b` where `a` is known to be non-negative and `b` positive,
    /// so truncating and flooring division agree.
    case pdivQ
    /// Remainder `a % b` where `a` is known to be non-negative and `b` positive.
    case pdivR
    /// Remainder `a % b` (C semantics, sign of `a`) whose result is only ever
    /// compared against zero, so the sign convention does not matter.
    case zdivR
    /// `c ? a : b`, evaluating only the chosen operand.
    case cond
    /// `c ? a : b`, where both operands may be evaluated.
    case select
    /// `a == b`.
    case eq
    /// `a <= b`.
    case le
    /// `a < b`.
    case lt
    /// `a >= b`.
    case ge
    /// `a > b`.
    case gt
}
