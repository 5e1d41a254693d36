import ISL

/// The scheduling loop: one ILP per dimension, bands of rows that weakly
/// satisfy every dependence they see, cuts of the dependence graph when no
/// row exists, and the source order as the last resort.
final class ScheduleSearch {
    let problem: SchedulingProblem
    let configuration: SchedulerConfiguration
    /// Messages for the user: directives refused, fallbacks taken.
    private(set) var notes: [String] = []
    /// Directives refused, as `statement.kind.loop` (e.g. `S0.parallel.i`), so no mark claims them.
    private(set) var refused: Swift.Set<String> = []
    /// The iterator parts of every row found so far, per statement.
    private var rows: [Int: [[Int]]] = [:]
    /// Parallel directives still to honour: statement → iterator.
    private var parallelDirectives: [Int: Int] = [:]
    /// Vector directives: statement → iterator kept for the innermost row.
    private var vectorDirectives: [Int: Int] = [:]

    init(problem: SchedulingProblem, configuration: SchedulerConfiguration) {
        self.problem = problem
        self.configuration = configuration
        for (name, directive) in configuration.directives {
            guard let statement = problem.statements.first(where: { $0.name == name }) else { continue }
            if let loop = directive.parallel.first, let k = statement.iterators.firstIndex(of: loop) {
                parallelDirectives[statement.index] = k
            }
            if let loop = directive.vector.first, let k = statement.iterators.firstIndex(of: loop) {
                vectorDirectives[statement.index] = k
            }
        }
    }

    /// Schedules every statement of the model.
    func run() throws -> DraftTree {
        try schedule(problem.statements.map(\.index), edges: problem.edges, depth: 0)
    }

    private func isFullRank(_ statement: Int) -> Bool {
        let count = problem.statements[statement].dimensionCount
        guard count > 0 else { return true }
        let previous = rows[statement] ?? []
        guard previous.count >= count else { return false }
        return (try? orthogonalComplement(previous, dimensions: count, context: problem.model.context).isEmpty) ?? false
    }

    private func schedule(_ group: [Int], edges: [DependenceEdge], depth: Int) throws -> DraftTree {
        if depth == 0, group.count > 1 {
            let parts = fusionParts(group, edges: edges)
            if parts.count > 1 {
                return .sequence(try parts.map { try schedule($0, edges: Polyhedral.edges(edges, within: $0), depth: 0) })
            }
        }
        var band: [[Int: AffineRow]] = []
        var carrying = false
        while group.contains(where: { !isFullRank($0) }) {
            let dimension = configuration.dimension(depth + band.count)
            guard let row = try solve(group, edges: edges, dimension: dimension) else { break }
            band.append(row)
            for (statement, affine) in row { rows[statement, default: []].append(affine.iterators) }
            // Feautrier: each row is its own band, so carried dependences drop out before the next.
            if dimension.cost.contains(.feautrier) {
                carrying = true
                break
            }
        }
        if !band.isEmpty {
            let members: [[Int: MemberExpression]] = band.map { $0.mapValues(MemberExpression.affine) }
            var bandRows: [Int: [AffineRow]] = [:]
            for row in band { for (statement, affine) in row { bandRows[statement, default: []].append(affine) } }
            var coincident: [Bool] = []
            for row in band {
                let single = row.mapValues { [$0] }
                coincident.append(try edges.allSatisfy { try problem.hasZeroDistance($0, single) })
            }
            let remaining = try edges.flatMap { try problem.restrict($0, toEqual: bandRows) }
            let child = try schedule(group, edges: remaining, depth: depth + band.count)
            let draft = DraftBand(statements: group, members: members, rows: band,
                                  permutable: !carrying || band.count == 1, coincident: coincident)
            return .band(draft, child)
        }
        if edges.isEmpty && group.allSatisfy(isFullRank) { return .leaf(group) }
        let components = stronglyConnectedComponents(of: group, edges: edges)
        if components.count > 1 {
            return .sequence(try components.map {
                try schedule($0, edges: Polyhedral.edges(edges, within: $0), depth: depth)
            })
        }
        let names = group.map { problem.statements[$0].name }.joined(separator: ", ")
        notes.append("no affine row found for \(names) at depth \(depth); kept their source order there")
        return .original(group)
    }

    /// The groups the fusion strategy separates up front, in a legal order.
    private func fusionParts(_ group: [Int], edges: [DependenceEdge]) -> [[Int]] {
        let components = stronglyConnectedComponents(of: group, edges: edges)
        switch configuration.fusion {
        case .max: return [group]
        case .none: return components
        case .smart:
            // Pluto's smart fusion: consecutive components of equal depth
            // share loops, when fusing them gains something: a dependence
            // between them, or an array both read the same way.
            var parts: [[Int]] = []
            var lastDepth = -1
            for component in components {
                let depth = component.map { problem.statements[$0].dimensionCount }.max() ?? 0
                if depth == lastDepth, let last = parts.last, fusionGains(last, component, edges: edges) {
                    parts[parts.count - 1] += component
                } else {
                    parts.append(component)
                }
                lastDepth = depth
            }
            return parts.map { $0.sorted() }
        }
    }

    /// Whether fusing `second` into `first` can shorten some reuse: a
    /// dependence joins them, or statements of both access one array with
    /// the same subscripts of their own iterators (bicg's two statements
    /// both read `A[i][j]`). mvt's `A[i][j]` and `A[j][i]` have no order
    /// that sweeps both along rows, so fused one of them gathers columns;
    /// apart, each runs its own stride-1 order.
    private func fusionGains(_ first: [Int], _ second: [Int], edges: [DependenceEdge]) -> Bool {
        let firstSet = Swift.Set(first), secondSet = Swift.Set(second)
        if edges.contains(where: { (firstSet.contains($0.source) && secondSet.contains($0.sink))
                                    || (secondSet.contains($0.source) && firstSet.contains($0.sink)) }) {
            return true
        }
        let accesses = first.flatMap { problem.statements[$0].accesses }
        return second.flatMap { problem.statements[$0].accesses }.contains { access in
            accesses.contains { $0.array == access.array && $0.subscripts == access.subscripts }
        }
    }

    /// One row for every statement of `group`, trying the preferred
    /// variants first (parallel, unskewed, directives) and falling back.
    private func solve(_ group: [Int], edges: [DependenceEdge],
                       dimension: SchedulerConfiguration.Dimension) throws -> [Int: AffineRow]? {
        let lastRow = group.filter { !isFullRank($0) }.allSatisfy { statement in
            problem.statements[statement].dimensionCount - (rows[statement]?.count ?? 0) <= 1
        }
        let wantsParallel = dimension.cost.contains(.parallel(outer: true))
            || (dimension.cost.contains(.parallel(outer: false)) && lastRow)
        var attempts: [(coincident: Bool, noSkew: Bool, noShift: Bool)]
        switch configuration.skewing {
        case .always: attempts = wantsParallel ? [(true, false, false), (false, false, false)] : [(false, false, false)]
        case .never: attempts = wantsParallel ? [(true, true, false), (false, true, false)] : [(false, true, false)]
        case .parallelOnly:
            // Shifting one statement against another only to fuse them puts
            // guards in the loop body and makes the loop carry the dependence
            // between them, which costs the vectorisation and parallelism the
            // separate loops had (jacobi, heat-3d, fdtd-2d, doitgen, durbin).
            // So unskewed rows keep statements aligned; a shift is accepted
            // only for a parallel skewed row, or when the statements form one
            // strongly connected component and cannot be distributed anyway.
            attempts = wantsParallel ? [(true, true, true), (false, true, true), (true, false, false)]
                                     : [(false, true, true), (true, false, false)]
            if stronglyConnectedComponents(of: group, edges: edges).count == 1 {
                attempts.append((false, true, false))
            }
        }
        var base = RowRequest(group: group, edges: edges, previousRows: rows, costs: dimension.cost,
                              custom: dimension.custom, bound: configuration.coefficientBound)
        var directed = base
        var directedParallel: [Int] = []
        for statement in group {
            let count = problem.statements[statement].dimensionCount
            let previous = rows[statement]?.count ?? 0
            if let k = parallelDirectives[statement], previous == 0 {
                directed.fixed[statement] = Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, $0 == k ? 1 : 0) })
                directedParallel.append(statement)
            } else if let k = vectorDirectives[statement], count - previous > 1 {
                directed.fixed[statement, default: [:]][k] = 0
            }
        }
        if !directed.fixed.isEmpty {
            // A parallel directive needs its row to carry nothing.
            let directedAttempts = directedParallel.isEmpty ? attempts
                : attempts.filter(\.coincident).map { ($0.coincident, false, false) }
            for attempt in directedAttempts {
                directed.coincident = attempt.coincident
                directed.noSkew = attempt.noSkew
                directed.noShift = attempt.noShift
                if let row = try findRow(directed, problem: problem) {
                    for statement in directedParallel { parallelDirectives[statement] = nil }
                    return row
                }
            }
            for statement in group {
                let name = problem.statements[statement].name
                if let k = parallelDirectives[statement], directedParallel.contains(statement) {
                    notes.append("directive refused: \(name) parallel \(problem.statements[statement].iterators[k]): "
                                 + "no legal schedule runs that loop outermost without carrying a dependence")
                    parallelDirectives[statement] = nil
                    refused.insert("\(name).parallel.\(problem.statements[statement].iterators[k])")
                }
                if let k = vectorDirectives[statement], directed.fixed[statement]?[k] == 0, !directedParallel.contains(statement) {
                    notes.append("directive refused: \(name) vector \(problem.statements[statement].iterators[k]): "
                                 + "no legal schedule keeps that loop innermost")
                    vectorDirectives[statement] = nil
                    refused.insert("\(name).vector.\(problem.statements[statement].iterators[k])")
                }
            }
            base.previousRows = rows
        }
        for attempt in attempts {
            base.coincident = attempt.coincident
            base.noSkew = attempt.noSkew
            base.noShift = attempt.noShift
            guard var row = try findRow(base, problem: problem) else { continue }
            if dimension.cost.contains(.feautrier) { row = try carryGreedily(base, fallback: row) }
            return row
        }
        return nil
    }

    /// Feautrier's objective, greedily: carry every edge if possible, else
    /// add the edges of one statement pair at a time to the carried set while
    /// a row still exists (an exact maximum would need one 0/1 variable per
    /// edge, which makes the lexicographic ILP exponential on kernels with
    /// many dependences).
    /// The most statement pairs `carryGreedily` tries one by one.
    static let greedyCarryLimit = 24

    private func carryGreedily(_ request: RowRequest, fallback: [Int: AffineRow]) throws -> [Int: AffineRow] {
        var request = request
        request.carried = Swift.Set(request.edges.indices)
        if let row = try findRow(request, problem: problem) { return row }
        var pairs: [[Int]] = []
        var pairIndex: [[Int]: Int] = [:]
        for (position, edge) in request.edges.enumerated() {
            let key = [edge.source, edge.sink]
            if let index = pairIndex[key] { pairs[index].append(position) } else {
                pairIndex[key] = pairs.count
                pairs.append([position])
            }
        }
        var best = fallback
        request.carried = []
        // Each try is one ILP; beyond a few dozen pairs the rest stay uncarried.
        for pair in pairs.prefix(Self.greedyCarryLimit) {
            request.carried.formUnion(pair)
            if let row = try findRow(request, problem: problem) { best = row } else { request.carried.subtract(pair) }
        }
        return best
    }
}
