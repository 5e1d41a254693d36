/// One statement of the kernel: an assignment executed once per point of its domain.
public struct KernelStatement: Codable, Equatable, Sendable {
    /// The statement name, `S0`, `S1`, … in source order; also its isl tuple name.
    public var name: String
    /// The enclosing loop iterators, outermost first.
    public var iterators: [String]
    /// The iteration domain as an isl set.
    public var domain: String
    /// One isl map per read access, from the statement instance to the array element.
    public var reads: [String]
    /// One isl map per write access.
    public var writes: [String]
    /// What the statement computes.
    public var body: KernelAssignment
    /// Where the statement starts in the original file.
    public var location: KernelLocation

    /// Creates a statement.
    public init(
        name: String, iterators: [String], domain: String, reads: [String], writes: [String],
        body: KernelAssignment, location: KernelLocation
    ) {
        self.name = name
        self.iterators = iterators
        self.domain = domain
        self.reads = reads
        self.writes = writes
        self.body = body
        self.location = location
    }
}

/// The assignment operators a statement may use.
public enum KernelAssignmentOperator: String, Codable, Equatable, Sendable {
    case assign = "="
    case add = "+="
    case subtract = "-="
    case multiply = "*="
    case divide = "/="
}

/// `target op value`, where the target is an array access (zero-dimensional for scalars).
public struct KernelAssignment: Codable, Equatable, Sendable {
    /// The written access; always `KernelExpr.access`.
    public var target: KernelExpr
    /// The assignment operator.
    public var op: KernelAssignmentOperator
    /// The assigned value.
    public var value: KernelExpr

    /// Creates an assignment.
    public init(target: KernelExpr, op: KernelAssignmentOperator, value: KernelExpr) {
        self.target = target
        self.op = op
        self.value = value
    }

    /// The assignment as a C statement (with trailing semicolon).
    public func cText(substituting replacements: [String: String] = [:]) -> String {
        "\(target.cText(substituting: replacements)) \(op.rawValue) \(value.cText(substituting: replacements));"
    }
}

/// A 1-based position in the original source file.
public struct KernelLocation: Codable, Equatable, Sendable {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}
