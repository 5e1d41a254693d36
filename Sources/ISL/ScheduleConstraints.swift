import CISL

/// The input of isl's scheduler (`isl_schedule_constraints`): a domain plus
/// dependence relations playing different roles.
public final class ScheduleConstraints: CustomStringConvertible {
    /// The context the constraints live in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    deinit { isl_schedule_constraints_free(raw) }

    var copied: OpaquePointer? { isl_schedule_constraints_copy(raw) }

    /// Constraints with no dependences on `domain`.
    public convenience init(domain: UnionSet) throws {
        let raw = try domain.context.check(isl_schedule_constraints_on_domain(domain.copied),
                                           "isl_schedule_constraints_on_domain")
        self.init(taking: raw, context: domain.context)
    }

    private func updated(_ raw: OpaquePointer?, _ what: String) throws -> ScheduleConstraints {
        ScheduleConstraints(taking: try context.check(raw, what), context: context)
    }

    /// Restricts the parameters the schedule must be valid for.
    public func settingContext(_ params: Set) throws -> ScheduleConstraints {
        try updated(isl_schedule_constraints_set_context(copied, params.copied),
                    "isl_schedule_constraints_set_context")
    }

    /// Dependences the schedule must respect.
    public func settingValidity(_ dependences: UnionMap) throws -> ScheduleConstraints {
        try updated(isl_schedule_constraints_set_validity(copied, dependences.copied),
                    "isl_schedule_constraints_set_validity")
    }

    /// Dependences whose distance the scheduler tries to minimise (locality).
    public func settingProximity(_ dependences: UnionMap) throws -> ScheduleConstraints {
        try updated(isl_schedule_constraints_set_proximity(copied, dependences.copied),
                    "isl_schedule_constraints_set_proximity")
    }

    /// Dependences the scheduler tries not to carry in outer band members (parallelism).
    public func settingCoincidence(_ dependences: UnionMap) throws -> ScheduleConstraints {
        try updated(isl_schedule_constraints_set_coincidence(copied, dependences.copied),
                    "isl_schedule_constraints_set_coincidence")
    }

    /// Runs isl's scheduler.
    public func computeSchedule() throws -> Schedule {
        try .make(isl_schedule_constraints_compute_schedule(copied), context,
                  "isl_schedule_constraints_compute_schedule")
    }

    public var description: String {
        (try? context.takeString(isl_schedule_constraints_to_str(raw), "isl_schedule_constraints_to_str"))
            ?? "<invalid schedule constraints>"
    }
}
