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
