/// One statement as the front end describes it, all relations in isl notation.
public struct PolyhedralStatement: Codable, Equatable, Sendable {
    /// The statement's name; also the tuple name of its domain, e.g. `S0`.
    public var name: String
    /// The iteration domain, e.g. `"[n] -> { S0[i] : 0 <= i < n }"`.
    public var domain: String
    /// Read access relations, each `{ S0[i] -> A[...] }`.
    public var reads: [String]
    /// Write access relations, each `{ S0[i] -> A[...] }`.
    public var writes: [String]

    /// A statement with the given relations (all in isl notation).
    public init(name: String, domain: String, reads: [String] = [], writes: [String] = []) {
        self.name = name
        self.domain = domain
        self.reads = reads
        self.writes = writes
    }
}

/// A whole static control part as the front end describes it.
public struct PolyhedralInput: Codable, Equatable, Sendable {
    /// Constraints on the parameters, e.g. `"[n] -> { : n >= 0 }"`.
    public var context: String
    /// The statements, in textual order.
    public var statements: [PolyhedralStatement]
    /// The source program's execution order, e.g. `"{ S0[i] -> [0, i]; S1[i] -> [1, i] }"`.
    public var originalSchedule: String

    /// An input with the given parameter context, statements and original schedule.
    public init(context: String, statements: [PolyhedralStatement], originalSchedule: String) {
        self.context = context
        self.statements = statements
        self.originalSchedule = originalSchedule
    }
}
