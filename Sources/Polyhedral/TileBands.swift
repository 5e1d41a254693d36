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
              bandHasReuse(band, problem: problem, configuration: configuration, target: target)
                || tilingGivesOuterParallelism(band, problem: problem, configuration: configuration)
        else { return .band(band, child) }
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
/// moves, and sweeping the other band iterators it depends on touches more
/// than half the L2 cache (sizes estimated with every parameter at 1000).
/// Iterators of enclosing loops do not count: they stay fixed while the
/// band runs, so they do not lengthen the distance tiling can shorten
/// (floyd-warshall's `path[i][k]` is reused along `j` at distance 1).
///
/// Only iterators that will run inside the reusing one count, in the order
/// the band will have (its members, with the one point-loop reordering
/// moves innermost last), when every member is one iterator: a
/// depthwise convolution's `Y[n][c][p][q]` is reused along the window row
/// `r`, but only `q` runs inside `r`, so the distance is one output row,
/// and tiling that band (32-wide rows, a tile loop over 8 images) made it
/// about 6x slower than the source. Skewed members keep the bound over all of
/// the band's iterators, and so do accelerator mappings: there a tile is a
/// thread block or a core's buffer rather than a cache footprint, and with
/// an H100's 50 MB L2 the narrower bound left contractions untiled, one
/// program per output point (a batched contraction took 7x longer in
/// Triton's interpreter).
///
/// Without such reuse (copies, matrix-vector products whose vectors fit in
/// cache, 1-D nests, one step of floyd-warshall) tiling only adds loop
/// overhead, and the wavefront it may need costs a fork per tile diagonal,
/// so the band keeps its order.
func bandHasReuse(_ band: DraftBand, problem: SchedulingProblem, configuration: SchedulerConfiguration,
                  target: TargetFacts) -> Bool {
    let threshold = target.l2Bytes / 2
    // The band's order after point-loop reordering; nil where every band
    // iterator counts (accelerator mappings).
    var order: [Int]?
    if configuration.mapping == .openmp {
        let innermost = configuration.intraTile == .contiguity
            ? innermostMember(band, problem: problem, configuration: configuration) : band.members.count - 1
        order = band.members.indices.filter { $0 != innermost } + [innermost]
    }
    for index in band.statements {
        let statement = problem.statements[index]
        let moved = (0..<statement.dimensionCount).filter { k in
            band.rows.contains { ($0[index]?.iterators[k] ?? 0) != 0 }
        }
        // The depth of each iterator in the band's order, when every member is one iterator.
        var depth: [Int: Int] = [:]
        for (position, member) in (order ?? []).enumerated() {
            guard let row = band.rows[member][index] else { break }
            let touched = row.iterators.indices.filter { row.iterators[$0] != 0 }
            guard touched.count == 1 else { depth = [:]; break }
            depth[touched[0]] = position
        }
        if depth.count != moved.count { depth = [:] }
        func inside(_ q: Int, _ p: Int) -> Bool {
            guard let inner = depth[q], let outer = depth[p] else { return true }
            return inner > outer
        }
        for access in statement.accesses {
            for p in moved where access.subscripts.allSatisfy({ $0[p] == 0 }) {
                var footprint = 8
                for q in moved where q != p && inside(q, p) && access.subscripts.contains(where: { $0[q] != 0 }) {
                    footprint = footprint.multipliedReportingOverflow(by: max(1, statement.extents[q])).partialValue
                    if footprint > threshold { return true }
                }
            }
        }
    }
    return false
}

/// Whether only tiling gives `band` a parallel loop outside its innermost
/// one: some member carries no dependence, but the member point-loop
/// reordering keeps innermost is the only such member (a reduction
/// `R[k][j] += Q[i][k] * A[i][j]` runs `j` innermost for stride 1, so `i`,
/// outside it, carries the sum). Tiles of the parallel member then run in
/// parallel, each sweeping its strip of the reduction, which the wavefront
/// pass moves outermost.
///
/// Only in nests at least three deep (by the statements' dimensions): a
/// parallel loop at the top of a two-level nest costs more than it gains
/// (see `generateAST`), so tiling one would only add loop overhead.
func tilingGivesOuterParallelism(_ band: DraftBand, problem: SchedulingProblem,
                                 configuration: SchedulerConfiguration) -> Bool {
    guard configuration.intraTile == .contiguity, configuration.mapping == .openmp,
          band.statements.allSatisfy({ problem.statements[$0].dimensionCount >= 3 }) else { return false }
    let innermost = innermostMember(band, problem: problem, configuration: configuration)
    let parallel = band.coincident.indices.filter { band.coincident[$0] }
    return parallel == [innermost]
}
