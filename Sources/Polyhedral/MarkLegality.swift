import ISL

/// A `parallel`, `vector` or grid (`gpu.block(…)`, `npu.core(…)`) mark on a
/// loop that carries a dependence.
public struct MarkViolation: Sendable, CustomStringConvertible {
    /// The mark's name.
    public var mark: String
    /// The schedule of the marked loop and its enclosing loops (`S[…] -> [outer…, loop]`), in isl notation.
    public var loopSchedule: String

    public var description: String {
        "illegal mark: '\(mark)' on a loop that carries a dependence (loop schedule \(loopSchedule)); "
            + "remove the mark or the directive that asked for it"
    }
}

/// The `parallel` and `vector` marks of `schedule` whose loop (the first
/// member of the band right below the mark) carries one of `dependences`:
/// two dependent instances agree on every enclosing loop but not on it; and
/// the grid marks with any member of their band doing so.
func markViolations(_ schedule: Schedule, dependences: Dependences) throws -> [MarkViolation] {
    let all = try dependences.all()
    var violations: [MarkViolation] = []
    _ = try schedule.mapNodesBottomUp { node in
        guard try node.type() == .mark else { return node }
        let name = try node.markId().name
        if name == ScheduleMark.parallel || name == ScheduleMark.vector {
            if let loop = try markedLoopSchedule(node), try carriesDependence(all, loopSchedule: loop) {
                violations.append(MarkViolation(mark: name, loopSchedule: loop.description))
            }
        } else if ScheduleMark.isGrid(name), let loop = try carryingGridMember(node, dependences: all) {
            violations.append(MarkViolation(mark: name, loopSchedule: loop.description))
        }
        return node
    }
    return violations
}

/// `schedule` without its illegal `parallel` and `vector` marks, and one note per mark removed.
func removingIllegalMarks(_ schedule: Schedule, dependences: Dependences) throws -> (Schedule, [String]) {
    let all = try dependences.all()
    var notes: [String] = []
    let cleaned = try schedule.mapNodesBottomUp { node in
        guard try node.type() == .mark else { return node }
        let name = try node.markId().name
        if ScheduleMark.isGrid(name) {
            guard let loop = try carryingGridMember(node, dependences: all) else { return node }
            notes.append("mapping mark removed: '\(name)' on a band whose loop carries a dependence (loop schedule \(loop))")
            return try node.delete()
        }
        guard name == ScheduleMark.parallel || name == ScheduleMark.vector else { return node }
        guard let loop = try markedLoopSchedule(node), try carriesDependence(all, loopSchedule: loop) else { return node }
        notes.append("directive refused: '\(name)' on a loop that carries a dependence (loop schedule \(loop))")
        return try node.delete()
    }
    return (cleaned, notes)
}

/// The schedule (enclosing loops…, member) of the first member of the band
/// below a grid mark (`gpu.block(…)`, `npu.core(…)`) that carries one of
/// `dependences`, or nil when none does: a grid runs every member's
/// iterations at once, so each member must be free of dependences.
private func carryingGridMember(_ mark: ScheduleNode, dependences: UnionMap) throws -> UnionMap? {
    let band = try mark.child(0)
    guard try band.type() == .band else { return nil }
    let count = try band.bandMemberCount()
    for member in 0..<count {
        let prefix = member + 1 < count ? try band.bandSplit(member + 1) : band
        let loop = try prefix.child(0).prefixSchedule()
        if try carriesDependence(dependences, loopSchedule: loop) { return loop }
    }
    return nil
}

/// Instance → (enclosing loops…, marked loop) for the band below a mark, or
/// `nil` when no band follows the mark.
private func markedLoopSchedule(_ mark: ScheduleNode) throws -> UnionMap? {
    var band = try mark.child(0)
    guard try band.type() == .band else { return nil }
    if try band.bandMemberCount() > 1 { band = try band.bandSplit(1) }
    return try band.child(0).prefixSchedule()
}
