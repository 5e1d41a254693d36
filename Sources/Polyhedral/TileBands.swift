/// Tiles every permutable band of two or more members whose tiling gives
/// reuse (see `bandHasReuse`), with the configured sizes per level.
///
/// Produces, per tiled band, one tile band per level (outermost first,
/// members `⌊row / size⌋`) above the point band (the original rows).
func tileBands(_ tree: DraftTree, problem: SchedulingProblem, configuration: SchedulerConfiguration,
               target: TargetFacts) -> DraftTree {
    if case .off = configuration.tiling { return tree }
    return tree.mapBands { band, child in
        guard band.role == .computed, band.permutable, band.members.count >= 2,
              bandHasReuse(band, problem: problem, target: target) else { return .band(band, child) }
        let levels: [[Int]]
        switch configuration.tiling {
        case .off: return .band(band, child)
        case .auto:
            let arrays = Swift.Set(band.statements.flatMap { problem.statements[$0].accesses.map(\.array) }).count
            levels = [target.tileSizes(members: band.members.count, arrays: arrays)]
        case .sizes(let lists): levels = lists
        }
        var point = band
        point.role = .point
        var result: DraftTree = .band(point, child)
        for (level, sizes) in levels.enumerated().reversed() {
            var tile = band
            tile.role = .tile
            tile.tileLevel = level
            tile.members = band.rows.enumerated().map { member, rows in
                let size = sizes[min(member, sizes.count - 1)]
                return rows.mapValues { MemberExpression.tile($0, size: size) }
            }
            result = .band(tile, result)
        }
        return result
    }
}

/// Whether tiling `band` shortens some reuse distance beyond what the
/// cache already holds: some access is invariant along an iterator the band
/// moves, and sweeping the other iterators it depends on touches more than
/// half the L2 cache (sizes estimated with every parameter at 1000).
///
/// Without such reuse (copies, matrix-vector products whose vectors fit in
/// cache, 1-D nests) tiling only adds loop overhead, so the band keeps its order.
func bandHasReuse(_ band: DraftBand, problem: SchedulingProblem, target: TargetFacts) -> Bool {
    let threshold = target.l2Bytes / 2
    for index in band.statements {
        let statement = problem.statements[index]
        let moved = (0..<statement.dimensionCount).filter { k in
            band.rows.contains { ($0[index]?.iterators[k] ?? 0) != 0 }
        }
        for access in statement.accesses {
            for p in moved where access.subscripts.allSatisfy({ $0[p] == 0 }) {
                var footprint = 8
                for q in 0..<statement.dimensionCount where q != p && access.subscripts.contains(where: { $0[q] != 0 }) {
                    footprint = footprint.multipliedReportingOverflow(by: max(1, statement.extents[q])).partialValue
                    if footprint > threshold { return true }
                }
            }
        }
    }
    return false
}
