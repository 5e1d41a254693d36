import ISL

/// The polyhedral representation of a program: domains, accesses, the
/// original schedule and the parameter context, all in one isl context.
///
/// Not thread-safe: an isl context must only be used by one thread at a time.
public final class PolyhedralModel {
    /// The isl context owning every object of the model.
    public let context: Context
    /// The constraints on the parameters (a parameter set).
    public let params: ISL.Set
    /// The iteration domains of all statements, restricted to `params`.
    public let domain: UnionSet
    /// Statement instance → array element read, restricted to `domain`.
    public let reads: UnionMap
    /// Statement instance → array element written, restricted to `domain`.
    public let writes: UnionMap
    /// The source program's order as a flat map, restricted to `domain`.
    public let originalScheduleMap: UnionMap
    /// The source program's order as a schedule tree (one band).
    public let originalSchedule: Schedule
    /// The statements' names in input order.
    public let statementNames: [String]

    /// Parses and checks `input`; throws `PolyhedralError.invalidInput` naming the offending text.
    public init(_ input: PolyhedralInput) throws {
        let context = Context()
        // Loops over tile indices and over original iterators read better than
        // scaled/shifted ones and keep statement arguments simple.
        context.tileScaleTileLoops = false
        context.tileShiftPointLoops = false
        self.context = context

        let params = try Self.parse("context", input.context) { try ISL.Set(context, $0) }
        self.params = params
        var domain = try UnionSet.empty(context)
        var reads = try UnionMap.empty(context)
        var writes = try UnionMap.empty(context)
        for statement in input.statements {
            let what = "domain of \(statement.name)"
            let statementDomain = try Self.parse(what, statement.domain) { try ISL.Set(context, $0) }
            let tuple = try islStage(what) { try statementDomain.space.tupleName(.set) }
            guard tuple == statement.name else {
                throw PolyhedralError.invalidInput(what: what, text: statement.domain,
                                                   reason: "tuple is named '\(tuple ?? "")', expected '\(statement.name)'")
            }
            let statementUnion = try islStage(what) { try UnionSet(statementDomain).intersectParams(params) }
            domain = try islStage(what) { try domain.union(statementUnion) }
            reads = try reads.union(Self.accesses(statement.reads, kind: "read", of: statement, in: context,
                                                  domain: statementUnion))
            writes = try writes.union(Self.accesses(statement.writes, kind: "write", of: statement, in: context,
                                                    domain: statementUnion))
        }
        let finalDomain = domain
        self.domain = domain
        self.reads = reads
        self.writes = writes
        statementNames = input.statements.map(\.name)

        let scheduleMap = try Self.parse("original schedule", input.originalSchedule) { try UnionMap(context, $0) }
        let originalScheduleMap = try islStage("original schedule") { try scheduleMap.intersectDomain(finalDomain) }
        self.originalScheduleMap = originalScheduleMap
        let missing = try islStage("original schedule") { try finalDomain.subtract(originalScheduleMap.domain()) }
        guard try islStage("original schedule", { try missing.isEmpty() }) else {
            throw PolyhedralError.invalidInput(what: "original schedule", text: input.originalSchedule,
                                               reason: "does not schedule \(missing)")
        }
        originalSchedule = try Self.parse("original schedule", input.originalSchedule) { _ in
            try Schedule(domain: finalDomain).insertingPartialSchedule(MultiUnionPwAff(originalScheduleMap))
        }
    }

    /// A schedule tree executing the model's domain in the order of the flat
    /// schedule `text` (e.g. a hand-written, possibly illegal, transformation).
    ///
    /// Instances the map leaves out stay unordered; `checkLegality` rejects
    /// such a schedule when they take part in a dependence.
    public func schedule(fromMap text: String) throws -> Schedule {
        let map = try Self.parse("schedule", text) { try UnionMap(context, $0) }
        return try islStage("schedule") {
            try Schedule(domain: domain).insertingPartialSchedule(MultiUnionPwAff(map.intersectDomain(domain)))
        }
    }

    private static func parse<T>(_ what: String, _ text: String, _ body: (String) throws -> T) throws -> T {
        do {
            return try body(text)
        } catch let error as ISLError {
            throw PolyhedralError.invalidInput(what: what, text: text, reason: error.message)
        }
    }

    private static func accesses(_ texts: [String], kind: String, of statement: PolyhedralStatement,
                                 in context: Context, domain: UnionSet) throws -> UnionMap {
        var result = try UnionMap.empty(context)
        for text in texts {
            let what = "\(kind) access of \(statement.name)"
            let access = try parse(what, text) { try UnionMap(context, $0) }
            for map in try islStage(what, { try access.maps() }) where map.tupleName(.input) != statement.name {
                throw PolyhedralError.invalidInput(what: what, text: text,
                                                   reason: "source tuple is not '\(statement.name)'")
            }
            result = try islStage(what) { try result.union(access.intersectDomain(domain)) }
        }
        return result
    }
}
