import ISL

/// A schedule that executes some dependence sink no later than its source.
public struct LegalityError: Error, CustomStringConvertible {
    /// One violated kind of dependence.
    public struct Violation: Sendable {
        /// The kind of the violated dependences.
        public var kind: DependenceKind
        /// The violated source → sink pairs, in isl notation.
        public var pairs: String
        /// The schedule of the statements involved (`S[…] -> [time]`), in isl notation.
        public var scheduleRows: String
    }

    /// Every violated kind, RAW first.
    public var violations: [Violation]
    /// `parallel`/`vector` marks on loops that carry a dependence.
    public var markViolations: [MarkViolation] = []

    public var description: String {
        (violations.map { violation in
            "illegal schedule: \(violation.kind.rawValue) dependence \(violation.pairs) is not respected "
                + "by schedule \(violation.scheduleRows)"
        } + markViolations.map(\.description)).joined(separator: "\n")
    }
}

/// Checks that `schedule` runs every dependence sink strictly after its
/// source, and that no `parallel` or `vector` mark sits on a loop that
/// carries a dependence.
///
/// For each dependence `a -> b`, the pair violates the schedule when
/// `S(a) ⪰ S(b)` lexicographically. Throws a `LegalityError` naming each
/// violated kind, the violating pairs and the schedule of the statements
/// involved, or `PolyhedralError.invalidInput` when the schedule leaves out
/// instances that take part in a dependence (nothing could be checked for them).
public func checkLegality(schedule: Schedule, dependences: Dependences) throws {
    let unscheduled = try islStage("legality check") { () -> UnionSet in
        let all = try dependences.all()
        return try all.domain().union(all.range()).subtract(schedule.map().domain()).intersectParams(dependences.params)
    }
    guard try islStage("legality check", { try unscheduled.isEmpty() }) else {
        throw PolyhedralError.invalidInput(what: "schedule", text: schedule.description,
                                           reason: "does not schedule \(unscheduled)")
    }
    let violations = try islStage("legality check") { () -> [LegalityError.Violation] in
        let timeMap = try flatScheduleMap(schedule).intersectParams(dependences.params)
        // Pairs are compared through their time differences, one set per
        // kind: comparing every statement's times with every other's
        // (`lexGE` of the whole schedule) costs seconds on kernels with
        // dozens of statements and tiled schedules, and only dependent pairs matter.
        let width = try timeMap.maps().first?.dimensionCount(.output) ?? 0
        let notPositive = try lexicographicallyNonPositive(width: width, context: schedule.context)
        func violates(_ relation: UnionMap) throws -> Bool {
            try !relation.applyDomain(timeMap).applyRange(timeMap).deltas().intersect(notPositive).isEmpty()
        }
        // One check on the union; the kinds apart only to report a violation.
        guard try violates(dependences.all()) else { return [] }
        var violations: [LegalityError.Violation] = []
        for kind in DependenceKind.allCases {
            guard try violates(dependences[kind]) else { continue }
            // Only for the report: { a -> b : S(a) ⪰ S(b) }, b not strictly after a.
            let notBefore = try timeMap.lexGE(timeMap)
            let violated = try dependences[kind].intersect(notBefore).coalesce()
            guard try !violated.isEmpty() else { continue }
            let involved = try violated.domain().union(violated.range())
            let rows = try timeMap.intersectDomain(involved).coalesce()
            violations.append(.init(kind: kind, pairs: violated.description, scheduleRows: rows.description))
        }
        return violations
    }
    let marks = try islStage("legality check") { try markViolations(schedule, dependences: dependences) }
    if !violations.isEmpty || !marks.isEmpty {
        throw LegalityError(violations: violations, markViolations: marks)
    }
}

/// `{ [d0, …] : d ⪯ 0 }`: the time differences of pairs whose sink does
/// not run strictly after their source.
func lexicographicallyNonPositive(width: Int, context: Context) throws -> UnionSet {
    let names = (0..<width).map { "d\($0)" }
    var cases = (0..<width).map { position in
        (names[..<position].map { "\($0) = 0" } + ["\(names[position]) < 0"]).joined(separator: " and ")
    }
    cases.append(names.isEmpty ? "true" : names.map { "\($0) = 0" }.joined(separator: " and "))
    return try UnionSet(context, "{ [\(names.joined(separator: ", "))] : \(cases.joined(separator: " or ")) }")
}

/// The schedule as instance → time vector with one common, anonymous time
/// space, padding shorter vectors with zeros so every pair is comparable.
func flatScheduleMap(_ schedule: Schedule) throws -> UnionMap {
    let maps = try schedule.map().maps()
    let width = try maps.map { try $0.dimensionCount(.output) }.max() ?? 0
    var result = try UnionMap.empty(schedule.context)
    for map in maps {
        let present = try map.dimensionCount(.output)
        var padded = try map.resetTupleId(.output).addDimensions(.output, count: width - present)
        for position in present..<width {
            padded = try padded.fix(.output, position, to: 0)
        }
        result = try result.union(UnionMap(padded))
    }
    return result
}
