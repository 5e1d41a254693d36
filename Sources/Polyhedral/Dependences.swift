import ISL

/// The three kinds of data dependence.
public enum DependenceKind: String, CaseIterable, Sendable {
    /// Read after write (flow): a read of the value a write produced.
    case raw = "RAW"
    /// Write after read (anti): a write overwriting a value a read still needed.
    case war = "WAR"
    /// Write after write (output): two writes whose order decides the final value.
    case waw = "WAW"
}

/// Value-based dependences of a model, as source instance → sink instance relations
/// computed under the original schedule.
///
/// * RAW: each read depends on the last write of the element before it.
/// * WAR: each write depends on the reads of the element since the previous
///   write (earlier reads are ordered through that write's own dependences).
/// * WAW: each write depends on the last write of the element before it.
public struct Dependences: CustomStringConvertible {
    /// Read after write (flow) dependences.
    public let raw: UnionMap
    /// Write after read (anti) dependences.
    public let war: UnionMap
    /// Write after write (output) dependences.
    public let waw: UnionMap
    /// The parameter constraints the dependences are relevant under.
    public let params: ISL.Set
    /// RAW ∪ WAR ∪ WAW, coalesced once: scheduling, the legality check and
    /// AST generation all ask for it.
    private let combined: UnionMap

    /// Runs isl's dataflow analysis on `model` under its original schedule.
    public init(model: PolyhedralModel) throws {
        params = model.params
        let schedule = try islStage("dataflow schedule") { try sequenceTree(of: model.originalScheduleMap) }
        raw = try islStage("RAW dependences") {
            try UnionAccessInfo(sink: model.reads)
                .settingMustSource(model.writes)
                .settingSchedule(schedule)
                .computeFlow()
                .mayDependence()
                .intersectParams(model.params)
                .coalesce()
        }
        // Reads are may-sources that never kill each other; writes only kill, so
        // a read is paired with the first write after it and no later one.
        war = try islStage("WAR dependences") {
            try UnionAccessInfo(sink: model.writes)
                .settingMaySource(model.reads)
                .settingKill(model.writes)
                .settingSchedule(schedule)
                .computeFlow()
                .mayDependence()
                .intersectParams(model.params)
                .coalesce()
        }
        waw = try islStage("WAW dependences") {
            try UnionAccessInfo(sink: model.writes)
                .settingMustSource(model.writes)
                .settingSchedule(schedule)
                .computeFlow()
                .mayDependence()
                .intersectParams(model.params)
                .coalesce()
        }
        combined = try islStage("combining dependences") { [raw, war, waw] in try raw.union(war).union(waw).coalesce() }
    }

    /// The relation of one kind.
    public subscript(kind: DependenceKind) -> UnionMap {
        switch kind {
        case .raw: return raw
        case .war: return war
        case .waw: return waw
        }
    }

    /// RAW ∪ WAR ∪ WAW: every order a legal schedule must preserve.
    public func all() throws -> UnionMap {
        combined
    }

    /// One section per kind, one relation per line, e.g.
    /// ```
    /// RAW:
    ///   [n] -> { S0[i] -> S0[1 + i] : 0 <= i <= -2 + n }
    /// ```
    public var description: String {
        DependenceKind.allCases.map { kind in
            let maps = (try? self[kind].maps()) ?? []
            let lines = maps.isEmpty ? ["  (none)"] : maps.map { "  \($0)" }.sorted()
            return "\(kind.rawValue):\n" + lines.joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }
}

/// The order `scheduleMap` (instance → time vector) describes, as a tree:
/// a sequence node where every statement's time is a constant, one-member
/// bands elsewhere. It orders instances exactly as the flat map does.
///
/// isl's dataflow analysis splits its work at sequence nodes, analysing
/// statements in different children apart; on one flat band it relates
/// every access to every other through the whole time vector, which takes
/// about a second on kernels with many statements sharing scalars (deriche,
/// adi, ludcmp).
func sequenceTree(of scheduleMap: UnionMap) throws -> Schedule {
    let maps = try scheduleMap.maps()
    let widths = try maps.map { try $0.dimensionCount(.output) }
    let width = widths.max() ?? 0
    let fixed = try maps.indices.map { index in
        try (0..<width).map { d in d < widths[index] ? try maps[index].plainFixedValue(.output, d) : 0 }
    }
    /// Statement `index`'s time dimension `d` alone, `S[…] -> [t_d]`.
    func dimension(_ index: Int, _ d: Int) throws -> UnionMap {
        guard d < widths[index] else {
            return try UnionMap(maps[index].projectOut(.output, first: 0, count: widths[index]).addDimensions(.output, count: 1)
                .fix(.output, 0, to: 0))
        }
        return try UnionMap(maps[index].projectOut(.output, first: d + 1, count: widths[index] - d - 1)
            .projectOut(.output, first: 0, count: d))
    }
    func build(_ group: [Int], _ d: Int) throws -> Schedule {
        if d == width {
            var domain = try UnionSet.empty(scheduleMap.context)
            for index in group { domain = try domain.union(UnionMap(maps[index]).domain()) }
            return try Schedule(domain: domain)
        }
        let values = group.compactMap { fixed[$0][d] }
        if values.count == group.count {
            var parts: [Int: [Int]] = [:]
            for index in group { parts[fixed[index][d] ?? 0, default: []].append(index) }
            let ordered = try parts.keys.sorted().map { try build(parts[$0] ?? [], d + 1) }
            var result = ordered[0]
            for part in ordered.dropFirst() { result = try result.sequence(part) }
            return result
        }
        var partial = try UnionMap.empty(scheduleMap.context)
        for index in group { partial = try partial.union(dimension(index, d)) }
        return try build(group, d + 1).insertingPartialSchedule(MultiUnionPwAff(partial))
    }
    guard !maps.isEmpty else { return try Schedule(domain: scheduleMap.domain()) }
    return try build(Array(maps.indices), 0)
}
