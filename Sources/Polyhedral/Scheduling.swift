import ISL

extension PolyhedralModel {
    /// Computes a new schedule with isl's scheduler, then tiles it per `options`.
    ///
    /// All dependences are validity constraints (the schedule must respect
    /// them), proximity constraints (keep them short, for locality) and
    /// coincidence constraints (avoid carrying them in outer loops, for parallelism).
    public func computeSchedule(dependences: Dependences, options: ScheduleOptions = ScheduleOptions()) throws -> Schedule {
        let all = try dependences.all()
        let schedule = try islStage("scheduling") {
            try ScheduleConstraints(domain: domain)
                .settingContext(params)
                .settingValidity(all)
                .settingProximity(all)
                .settingCoincidence(all)
                .computeSchedule()
        }
        guard let size = options.tileSize else { return schedule }
        return try tilePermutableBands(schedule, size: size)
    }
}

/// Tiles every permutable band with at least two members by `size` in each member.
///
/// Tiling a permutable band is always legal: permutability means every
/// dependence is non-negative in every member, so rectangular tiles can run in
/// lexicographic order. One-member bands are left alone as tiling them only
/// strip-mines a loop.
public func tilePermutableBands(_ schedule: Schedule, size: Int) throws -> Schedule {
    guard size > 0 else {
        throw PolyhedralError.invalidInput(what: "tile size", text: String(size), reason: "must be positive")
    }
    return try tilePermutableBands(schedule) { Array(repeating: size, count: $0) }
}

/// Tiles every permutable band with at least two members, `sizes(members)`
/// giving the tile size of each member.
func tilePermutableBands(_ schedule: Schedule, sizes: @escaping (Int) -> [Int]) throws -> Schedule {
    try islStage("tiling") {
        try schedule.mapNodesBottomUp { node in
            guard try node.type() == .band else { return node }
            let members = try node.bandMemberCount()
            guard members >= 2, try node.bandIsPermutable() else { return node }
            return try node.bandTile(MultiVal(node.bandSpace(), values: sizes(members)))
        }
    }
}
