/// Makes the outermost tile loop parallel when it is not: moves a
/// coincident tile member outermost if there is one, otherwise skews the
/// first member by the second (`T0 + T1`), after which the second tile loop
/// carries no dependence (both distances are non-negative in a permutable
/// band, so a zero sum means both are zero).
func applyWavefront(_ tree: DraftTree, configuration: SchedulerConfiguration) -> (DraftTree, [String]) {
    guard configuration.wavefront else { return (tree, []) }
    var notes: [String] = []
    let result = tree.mapBands { band, child -> DraftTree in
        guard band.role == .tile, band.tileLevel == 0, band.members.count >= 2,
              band.coincident.first == false else { return .band(band, child) }
        if let parallel = band.coincident.firstIndex(of: true) {
            let order = [parallel] + band.members.indices.filter { $0 != parallel }
            return .band(band.selecting(order), child)
        }
        var skewed = band
        skewed.members[0] = band.statements.reduce(into: [:]) { result, index in
            if let first = band.members[0][index], let second = band.members[1][index] {
                result[index] = .sum([first, second])
            }
        }
        skewed.coincident = Array(repeating: false, count: band.members.count)
        notes.append("wavefront applied to the tile loops of \(band.statements.count) statement(s)")
        return .band(skewed, child)
    }
    return (result, notes)
}

/// For accelerator mappings: an outermost band that is permutable but has
/// no dependence-free member (seidel-2d's `t, i, j` after skewing) would
/// run as one sequential program, one scalar operation at a time. Its first
/// member becomes the sum of all members — a hyperplane every dependence
/// crosses forwards, since in a permutable band every distance is
/// non-negative, so a zero sum means every distance is zero — and the other
/// members, split into a band of their own below it, carry no dependence:
/// a sequential loop over wavefronts (the host launches one grid per
/// wavefront) around a grid. Only outermost bands (not below another
/// band): inside a sequential loop (floyd-warshall's `k`) a wavefront would
/// launch once per wavefront per outer iteration. Not for OpenMP, whose
/// tiled wavefront is `applyWavefront`. The legality check still proves
/// the inner band dependence-free before the grid mark stays.
func applyAcceleratorWavefront(_ tree: DraftTree, configuration: SchedulerConfiguration) -> (DraftTree, [String]) {
    guard configuration.wavefront, let mapping = configuration.mapping, mapping != .openmp else { return (tree, []) }
    var notes: [String] = []
    func rewrite(_ tree: DraftTree) -> DraftTree {
        switch tree {
        case .leaf, .original: return tree
        case .sequence(let children): return .sequence(children.map(rewrite))
        case .mark(let name, let child): return .mark(name, rewrite(child))
        case .band(let band, let child):
            guard band.role == .computed, band.permutable, band.members.count >= 2,
                  !band.coincident.contains(true) else { return tree }
            var front = band.selecting([0])
            front.members[0] = band.statements.reduce(into: [:]) { result, index in
                let terms = band.members.compactMap { $0[index] }
                if terms.count == band.members.count { result[index] = .sum(terms) }
            }
            guard front.members[0].count == band.statements.count else { return tree }
            var inside = band.selecting(Array(1..<band.members.count))
            inside.coincident = Array(repeating: true, count: inside.members.count)
            notes.append("wavefront for the accelerator grid: \(band.members.count) loops of \(band.statements.count) statement(s) "
                         + "run as a sequential loop over wavefronts around a \(inside.members.count)-D grid")
            return .band(front, .band(inside, child))
        }
    }
    return (rewrite(tree), notes)
}
