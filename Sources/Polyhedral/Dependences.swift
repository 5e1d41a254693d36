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

    /// Runs isl's dataflow analysis on `model` under its original schedule.
    public init(model: PolyhedralModel) throws {
        params = model.params
        let schedule = model.originalSchedule
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
        try islStage("combining dependences") { try raw.union(war).union(waw).coalesce() }
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
