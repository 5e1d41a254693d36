/// The mark names the scheduler puts in schedule trees (and so in the Loop AST).
public enum ScheduleMark {
    /// The loop below runs in parallel (checked: it must carry no dependence).
    public static let parallel = "parallel"
    /// The loop below is vectorised (checked: it must carry no dependence).
    public static let vector = "vector"
    /// The loop below must not run in parallel.
    public static let serial = "serial"
    /// The loop below is a reduction (information for backends).
    public static let reduce = "reduce"

    /// Whether `name` maps the band below onto a grid of programs
    /// (`gpu.block(…)`, `npu.core(…)`): every member must carry no dependence.
    public static func isGrid(_ name: String) -> Bool {
        name.hasPrefix("gpu.block(") || name.hasPrefix("npu.core(")
    }
}

/// Puts the marks directives ask for above the loops they name: `parallel`
/// on the outermost (tile) loop of the iterator, `serial` on all loops of the
/// iterator, `vector` and `reduce` on its innermost (point) loop.
///
/// A band member that gets a mark is split into its own band so the mark
/// annotates exactly that loop. Directives the ILPs refused get no mark.
func placeDirectiveMarks(_ tree: DraftTree, problem: SchedulingProblem, configuration: SchedulerConfiguration,
                         refused: Swift.Set<String>) -> (DraftTree, [String]) {
    var wanted: [(statement: Int, iterator: Int, kind: String)] = []
    for (name, directive) in configuration.directives.sorted(by: { $0.key < $1.key }) {
        guard let statement = problem.statements.first(where: { $0.name == name }) else { continue }
        for (kind, loops) in [(ScheduleMark.parallel, directive.parallel), (ScheduleMark.vector, directive.vector),
                              (ScheduleMark.serial, directive.serial), (ScheduleMark.reduce, directive.reduce)] {
            for loop in loops where !refused.contains("\(name).\(kind).\(loop)") {
                if let k = statement.iterators.firstIndex(of: loop) { wanted.append((statement.index, k, kind)) }
            }
        }
    }
    guard !wanted.isEmpty else { return (tree, []) }
    var placed = Swift.Set<Int>()
    let result = tree.mapBands { band, child -> DraftTree in
        var marks: [Int: [String]] = [:]
        for (position, request) in wanted.enumerated() where band.statements.contains(request.statement) {
            let dimensions = problem.statements[request.statement].dimensionCount
            let isLoop: (Int) -> Bool = { member in
                band.rows[member][request.statement]?.iterators == AffineRow.unit(request.iterator, dimensions: dimensions,
                                                                                  parameters: 0).iterators
            }
            let wantedRole: Bool
            switch request.kind {
            case ScheduleMark.parallel: wantedRole = band.role != .point && (band.role != .tile || band.tileLevel == 0)
            case ScheduleMark.serial: wantedRole = true
            default: wantedRole = band.role != .tile
            }
            // A vector loop is the statement's innermost row, whatever it combines.
            let matches: (Int) -> Bool = request.kind == ScheduleMark.vector
                ? { member in (band.rows[member][request.statement]?.iterators[request.iterator] ?? 0) != 0 }
                : isLoop
            guard wantedRole, let member = band.members.indices.last(where: matches) else { continue }
            if request.kind == ScheduleMark.vector && (member != band.members.count - 1 || containsBand(child)) { continue }
            marks[member, default: []].append(request.kind)
            placed.insert(position)
        }
        return marks.isEmpty ? .band(band, child) : split(band, child: child, marks: marks)
    }
    var notes: [String] = []
    for (position, request) in wanted.enumerated() where !placed.contains(position) {
        let statement = problem.statements[request.statement]
        notes.append("directive not applied: \(statement.name) \(request.kind) \(statement.iterators[request.iterator]): "
                     + "no loop of the schedule runs that iterator alone")
    }
    return (result, notes)
}

/// Whether `tree` has a band anywhere.
private func containsBand(_ tree: DraftTree) -> Bool {
    switch tree {
    case .leaf, .original: return false
    case .band: return true
    case .sequence(let children): return children.contains(where: containsBand)
    case .mark(_, let child): return containsBand(child)
    }
}

/// `band` split so that each marked member is a one-member band below its marks.
private func split(_ band: DraftBand, child: DraftTree, marks: [Int: [String]]) -> DraftTree {
    var result = child
    var end = band.members.count
    for member in marks.keys.sorted(by: >) {
        if member + 1 < end { result = .band(band.selecting(Array((member + 1)..<end)), result) }
        result = .band(band.selecting([member]), result)
        for name in (marks[member] ?? []).reversed() { result = .mark(name, result) }
        end = member
    }
    if end > 0 { result = .band(band.selecting(Array(0..<end)), result) }
    return result
}

/// Marks for accelerator backends: `gpu.block(…)` above the outermost tile
/// band whose members are all dependence-free, and `gpu.thread(…)` plus
/// `promote(shared)` above its point band (`npu.core(…)` and `promote(ub)`
/// for NPUs); above an untiled band, `gpu.block(…)` over its leading
/// dependence-free members (split into a band of their own). The axes name
/// the members innermost-first (`gpu.block(y,x)`: the inner member is x);
/// beyond three members the list stops at z and backends flatten the rest.
/// Nothing for OpenMP, whose parallel and vector loops come from the exact
/// dependence check. The legality check covers these marks: a grid mark on
/// a band with a member that carries a dependence is removed, with a note.
func placeMappingMarks(_ tree: DraftTree, configuration: SchedulerConfiguration) -> DraftTree {
    let (outer, inner, promote): (String, String?, String)
    switch configuration.mapping ?? .openmp {
    case .openmp: return tree
    case .gpuBlocksThreads: (outer, inner, promote) = ("gpu.block", "gpu.thread", "promote(shared)")
    case .npuCoresBuffers: (outer, inner, promote) = ("npu.core", nil, "promote(ub)")
    }
    func axes(_ count: Int) -> String { ["x", "y", "z"].prefix(min(3, count)).reversed().joined(separator: ",") }
    // Only the outermost band of each nest that can become a grid is
    // mapped: a grid inside a program's loop would launch per iteration.
    func map(_ tree: DraftTree) -> DraftTree {
        switch tree {
        case .leaf, .original: return tree
        case .sequence(let children): return .sequence(children.map(map))
        case .mark(let name, let child): return .mark(name, map(child))
        case .band(let band, let child):
            switch band.role {
            case .tile where band.tileLevel == 0 && band.coincident.allSatisfy({ $0 }):
                return .mark("\(outer)(\(axes(band.members.count)))", .band(band, markPoints(child)))
            case .computed:
                // An untiled band: its leading dependence-free members are
                // the grid; the rest (and what is below) runs in each program.
                let leading = band.coincident.prefix { $0 }.count
                guard leading > 0 else { return .band(band, map(child)) }
                let rest: DraftTree = leading < band.members.count
                    ? .band(band.selecting(Array(leading..<band.members.count)), child) : child
                return .mark("\(outer)(\(axes(leading)))", .band(band.selecting(Array(0..<leading)), rest))
            default:
                return .band(band, map(child))
            }
        }
    }
    // The point band of a mapped tile band: threads (GPU) and the buffer the tile lives in.
    func markPoints(_ tree: DraftTree) -> DraftTree {
        switch tree {
        case .band(let band, let child) where band.role == .point:
            var marked: DraftTree = .mark(promote, .band(band, child))
            if let inner { marked = .mark("\(inner)(\(axes(band.members.count)))", marked) }
            return marked
        case .band(let band, let child): return .band(band, markPoints(child))
        case .mark(let name, let child): return .mark(name, markPoints(child))
        default: return tree
        }
    }
    return map(tree)
}
