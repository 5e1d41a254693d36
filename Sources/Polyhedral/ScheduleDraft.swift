import ISL

/// One member of a band for one statement: an affine row, a tile of one
/// (`⌊row / size⌋`), or a sum of such (a wavefront).
indirect enum MemberExpression: Equatable {
    case affine(AffineRow)
    case tile(AffineRow, size: Int)
    case sum([MemberExpression])

    func text(iterators: [String], parameters: [String]) -> String {
        switch self {
        case .affine(let row): return row.text(iterators: iterators, parameters: parameters)
        case .tile(let row, let size):
            return "floor((\(row.text(iterators: iterators, parameters: parameters)))/\(size))"
        case .sum(let terms):
            return terms.map { "(\($0.text(iterators: iterators, parameters: parameters)))" }.joined(separator: " + ")
        }
    }
}

/// What a band is, for the passes after the ILPs.
enum BandRole: Equatable {
    /// Found by the ILPs (or the original-order fallback).
    case computed
    /// The tile loops of a tiled band.
    case tile
    /// The point loops of a tiled band.
    case point
}

/// A band under construction: members × statements.
struct DraftBand {
    /// The statements the band schedules.
    var statements: [Int]
    /// Per member, per statement, the member's expression.
    var members: [[Int: MemberExpression]]
    /// The affine rows the members were derived from (before tiling/wavefront).
    var rows: [[Int: AffineRow]]
    /// Whether members may be permuted (every dependence non-negative in every member).
    var permutable: Bool
    /// Per member: distance 0 on every dependence the band sees.
    var coincident: [Bool]
    var role: BandRole = .computed
    /// For tile bands: 0 for the outermost level of tiles.
    var tileLevel = 0

    /// The band restricted to the members at `positions`, in that order.
    func selecting(_ positions: [Int]) -> DraftBand {
        var band = self
        band.members = positions.map { members[$0] }
        band.rows = positions.map { rows[$0] }
        band.coincident = positions.map { coincident[$0] }
        return band
    }
}

/// A schedule tree in the scheduler's own terms, turned into an isl
/// schedule once every pass has run.
indirect enum DraftTree {
    /// Statements with nothing left to order.
    case leaf([Int])
    /// A band above a subtree.
    case band(DraftBand, DraftTree)
    /// Subtrees run one after the other.
    case sequence([DraftTree])
    /// A mark (e.g. `parallel`) above a subtree.
    case mark(String, DraftTree)
    /// Statements kept in their source order (the fallback when no ILP row exists).
    case original([Int])

    /// The statements the tree schedules.
    var statements: [Int] {
        switch self {
        case .leaf(let statements), .original(let statements): return statements
        case .band(let band, _): return band.statements
        case .sequence(let children): return children.flatMap(\.statements)
        case .mark(_, let child): return child.statements
        }
    }

    /// Whether some band member anywhere in the tree carries no dependence.
    var hasCoincidentMember: Bool {
        switch self {
        case .leaf, .original: return false
        case .band(let band, let child): return band.coincident.contains(true) || child.hasCoincidentMember
        case .sequence(let children): return children.contains(where: \.hasCoincidentMember)
        case .mark(_, let child): return child.hasCoincidentMember
        }
    }

    /// Applies `transform` to every band, children first.
    func mapBands(_ transform: (DraftBand, DraftTree) throws -> DraftTree) rethrows -> DraftTree {
        switch self {
        case .leaf, .original: return self
        case .band(let band, let child): return try transform(band, child.mapBands(transform))
        case .sequence(let children): return .sequence(try children.map { try $0.mapBands(transform) })
        case .mark(let name, let child): return .mark(name, try child.mapBands(transform))
        }
    }
}

extension SchedulingProblem {
    /// The isl schedule tree of `tree`.
    func islSchedule(_ tree: DraftTree) throws -> Schedule {
        switch tree {
        case .leaf(let statements):
            return try Schedule(domain: domain(of: statements))
        case .band(let band, let child):
            let inner = try islSchedule(child)
            let pieces = band.statements.map { index -> String in
                let statement = statements[index]
                let names = statement.genericIterators("i")
                let values = band.members.map { member in
                    member[index].map { "(\($0.text(iterators: names, parameters: parameters)))" } ?? "(0)"
                }
                return "\(statement.name)[\(names.joined(separator: ", "))] -> [\(values.joined(separator: ", "))]"
            }
            let text = "[\(parameters.joined(separator: ", "))] -> { \(pieces.joined(separator: "; ")) }"
            let partial = try UnionMap(model.context, text).intersectDomain(domain(of: band.statements))
            return try inner.insertingPartialSchedule(MultiUnionPwAff(partial))
                .settingTopBandFlags(permutable: band.permutable, coincident: band.coincident)
        case .sequence(let children):
            guard var result = try children.first.map(islSchedule) else {
                return try Schedule(domain: UnionSet.empty(model.context))
            }
            for child in children.dropFirst() { result = try result.sequence(islSchedule(child)) }
            return result
        case .mark(let name, let child):
            return try islSchedule(child).insertingMark(name)
        case .original(let statements):
            let order = try model.originalScheduleMap.intersectDomain(domain(of: statements))
            return try Schedule(domain: domain(of: statements)).insertingPartialSchedule(MultiUnionPwAff(order))
        }
    }

    /// The union of the iteration domains of `indices`.
    func domain(of indices: [Int]) throws -> UnionSet {
        var result = try UnionSet.empty(model.context)
        for index in indices { result = try result.union(UnionSet(statements[index].domain)) }
        return result
    }
}
