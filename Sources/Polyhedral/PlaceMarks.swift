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
/// band and `gpu.thread(…)` plus `promote(shared)` above its point band
/// (`npu.core(…)` and `promote(ub)` for NPUs). Nothing for OpenMP, whose
/// parallel and vector loops come from the exact dependence check.
func placeMappingMarks(_ tree: DraftTree, configuration: SchedulerConfiguration) -> DraftTree {
    let (outer, inner, promote): (String, String?, String)
    switch configuration.mapping {
    case .openmp: return tree
    case .gpuBlocksThreads: (outer, inner, promote) = ("gpu.block", "gpu.thread", "promote(shared)")
    case .npuCoresBuffers: (outer, inner, promote) = ("npu.core", nil, "promote(ub)")
    }
    func axes(_ count: Int) -> String { ["x", "y", "z"].prefix(min(3, count)).reversed().joined(separator: ",") }
    return tree.mapBands { band, child in
        switch band.role {
        case .tile where band.tileLevel == 0:
            return .mark("\(outer)(\(axes(band.members.count)))", .band(band, child))
        case .point:
            var marked: DraftTree = .mark(promote, .band(band, child))
            if let inner { marked = .mark("\(inner)(\(axes(band.members.count)))", marked) }
            return marked
        default:
            return .band(band, child)
        }
    }
}
