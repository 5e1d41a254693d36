/// Moves the best vectorisable member of each point band (and of each
/// untiled permutable band) innermost: a member that carries no dependence
/// and along which most accesses are stride-1 (or invariant), with loops
/// named by a `vector` directive first.
///
/// Any order of a permutable band's members is legal, so only the cost
/// model decides.
func reorderPointLoops(_ tree: DraftTree, problem: SchedulingProblem, configuration: SchedulerConfiguration) -> DraftTree {
    guard configuration.intraTile == .contiguity else { return tree }
    return tree.mapBands { band, child in
        guard band.permutable, band.members.count >= 2, band.role != .tile else { return .band(band, child) }
        // Bands left untiled: for OpenMP a recurrence keeps its stride-1
        // member innermost. Accelerator mappings keep the dependence-free
        // member innermost, where it becomes a block of lanes.
        let best = innermostMember(band, problem: problem, configuration: configuration,
                                   untiledRecurrences: configuration.mapping == .openmp)
        guard best != band.members.count - 1 else { return .band(band, child) }
        let order = band.members.indices.filter { $0 != best } + [best]
        return .band(band.selecting(order), child)
    }
}

/// The member of `band` that point-loop reordering moves innermost.
///
/// `untiledRecurrences` is false while tiling is still being decided
/// (`TileBands`): a band that carries a recurrence along its stride-1
/// member then keeps its dependence-free member innermost, as its point band
/// will. Once tiling is done, a band left untiled gives way to the stride-1
/// member for recurrences too (see `prefersStrideOne`), for OpenMP only.
func innermostMember(_ band: DraftBand, problem: SchedulingProblem, configuration: SchedulerConfiguration,
                     untiledRecurrences: Bool = false) -> Int {
    let scores = (0..<band.members.count).map {
        memberScore(band, $0, problem: problem, configuration: configuration, untiledRecurrences: untiledRecurrences)
    }
    return scores.indices.max(by: { (scores[$0], $0) < (scores[$1], $1) }) ?? band.members.count - 1
}

/// How much member `member` of `band` is wanted innermost.
private func memberScore(_ band: DraftBand, _ member: Int, problem: SchedulingProblem,
                         configuration: SchedulerConfiguration, untiledRecurrences: Bool) -> Int {
    var score = 0
    if band.coincident[member] {
        // A dependence-free member that would gather a column while another
        // member is a clean stride-1 reduction must not end up innermost by
        // counting accesses: its reads along a row (layernorm's variance
        // `Var[i] += (X[i][j] - Mean[i])^2`, where Var and Mean move with i)
        // are few next to one strided read of a matrix too big for cache.
        score += prefersStrideOne(band, over: member, problem: problem, recurrences: untiledRecurrences) ? -1000 : 1000
    }
    for index in band.statements {
        let statement = problem.statements[index]
        if let loop = configuration.directives[statement.name]?.vector.first,
           let k = statement.iterators.firstIndex(of: loop), (band.rows[member][index]?.iterators[k] ?? 0) != 0 {
            score += 100_000
        }
        guard let directions = memberDirections(band, statement: index, dimensions: statement.dimensionCount) else {
            continue
        }
        for access in statement.accesses {
            switch stride(of: access, along: directions[member]) {
            case .contiguous: score += 4
            case .invariant: score += access.isWrite ? 0 : 1
            case .strided: score -= 4
            }
        }
    }
    return score
}

/// Whether, in an untiled band, dependence-free `member` should give way to
/// a stride-1 member: `member` reaches some access with a stride, while
/// another member is stride-1 or invariant for every access and leaves every
/// write in place (it only accumulates, like the row loop of a
/// matrix-vector product). Vectorising `member` would then gather a column
/// of an array too big to stay in cache, which is slower than the serial
/// stride-1 sum. In a tile the strided footprint stays in L1, and a loop
/// carrying a true recurrence gains from running rows side by side, so
/// while tiling is undecided (`recurrences` false) a recurrence keeps the
/// dependence-free member innermost: adi's sweeps are tiled for that.
/// A band still untiled afterwards has no tile to bound the column, so
/// with `recurrences` a stride-1 member whose writes move counts too:
/// cumsum `Y[i][j] = Y[i][j-1] + X[i][j]` swept down columns of a
/// 4096 x 4096 matrix ran 16 times slower than the source's row order.
private func prefersStrideOne(_ band: DraftBand, over member: Int, problem: SchedulingProblem,
                              recurrences: Bool) -> Bool {
    guard band.role == .computed else { return false }
    func profile(_ candidate: Int) -> (strided: Bool, writesInPlace: Bool)? {
        var strided = false, writesInPlace = true
        for index in band.statements {
            let statement = problem.statements[index]
            guard let directions = memberDirections(band, statement: index, dimensions: statement.dimensionCount) else {
                return nil
            }
            for access in statement.accesses {
                let kind = stride(of: access, along: directions[candidate])
                if kind == .strided { strided = true }
                if access.isWrite && kind != .invariant { writesInPlace = false }
            }
        }
        return (strided, writesInPlace)
    }
    guard let own = profile(member), own.strided else { return false }
    return band.members.indices.contains { other in
        guard other != member, let candidate = profile(other) else { return false }
        return !candidate.strided && (candidate.writesInPlace || recurrences)
    }
}
