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
        let scores = (0..<band.members.count).map { memberScore(band, $0, problem: problem, configuration: configuration) }
        guard let best = scores.indices.max(by: { (scores[$0], $0) < (scores[$1], $1) }),
              best != band.members.count - 1 else { return .band(band, child) }
        let order = band.members.indices.filter { $0 != best } + [best]
        return .band(band.selecting(order), child)
    }
}

/// How much member `member` of `band` is wanted innermost.
private func memberScore(_ band: DraftBand, _ member: Int, problem: SchedulingProblem,
                         configuration: SchedulerConfiguration) -> Int {
    var score = band.coincident[member] ? 1000 : 0
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
