import CISL

/// The input of isl's dataflow analysis (`isl_union_access_info`): sinks,
/// sources, kills and the schedule that orders them.
public final class UnionAccessInfo {
    /// The context the access info lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    deinit { isl_union_access_info_free(raw) }

    var copied: OpaquePointer? { isl_union_access_info_copy(raw) }

    /// Access info whose sinks are `sink` (statement instance → accessed element).
    public convenience init(sink: UnionMap) throws {
        let raw = try sink.context.check(isl_union_access_info_from_sink(sink.copied),
                                         "isl_union_access_info_from_sink")
        self.init(taking: raw, context: sink.context)
    }

    private func updated(_ raw: OpaquePointer?, _ what: String) throws -> UnionAccessInfo {
        UnionAccessInfo(taking: try context.check(raw, what), context: context)
    }

    /// Sets the accesses that definitely write (and so also kill) the element.
    public func settingMustSource(_ sources: UnionMap) throws -> UnionAccessInfo {
        try updated(isl_union_access_info_set_must_source(copied, sources.copied),
                    "isl_union_access_info_set_must_source")
    }

    /// Sets the accesses that may be sources without killing earlier ones.
    public func settingMaySource(_ sources: UnionMap) throws -> UnionAccessInfo {
        try updated(isl_union_access_info_set_may_source(copied, sources.copied),
                    "isl_union_access_info_set_may_source")
    }

    /// Sets accesses that only kill earlier sources and never become sources themselves.
    public func settingKill(_ kills: UnionMap) throws -> UnionAccessInfo {
        try updated(isl_union_access_info_set_kill(copied, kills.copied), "isl_union_access_info_set_kill")
    }

    /// Sets the schedule that orders all accesses.
    public func settingSchedule(_ schedule: Schedule) throws -> UnionAccessInfo {
        try updated(isl_union_access_info_set_schedule(copied, schedule.copied),
                    "isl_union_access_info_set_schedule")
    }

    /// Runs the dataflow analysis.
    public func computeFlow() throws -> UnionFlow {
        try UnionFlow(taking: context.check(isl_union_access_info_compute_flow(copied),
                                            "isl_union_access_info_compute_flow"),
                      context: context)
    }
}
