import CISL

/// The kinds of schedule tree nodes.
public enum ScheduleNodeType: Sendable, Equatable {
    case band, context, domain, expansion, `extension`, filter, leaf, `guard`, mark, sequence, set
}

/// A position in a schedule tree (`isl_schedule_node`).
public final class ScheduleNode: CustomStringConvertible {
    /// The context the node lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> ScheduleNode {
        ScheduleNode(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_schedule_node_free(raw) }

    var copied: OpaquePointer? { isl_schedule_node_copy(raw) }

    /// The kind of node.
    public func type() throws -> ScheduleNodeType {
        switch isl_schedule_node_get_type(raw) {
        case isl_schedule_node_band: return .band
        case isl_schedule_node_context: return .context
        case isl_schedule_node_domain: return .domain
        case isl_schedule_node_expansion: return .expansion
        case isl_schedule_node_extension: return .`extension`
        case isl_schedule_node_filter: return .filter
        case isl_schedule_node_leaf: return .leaf
        case isl_schedule_node_guard: return .`guard`
        case isl_schedule_node_mark: return .mark
        case isl_schedule_node_sequence: return .sequence
        case isl_schedule_node_set: return .set
        default: throw context.takeError("isl_schedule_node_get_type failed")
        }
    }

    /// The number of children.
    public func childCount() throws -> Int {
        try context.checkSize(isl_schedule_node_n_children(raw), "isl_schedule_node_n_children")
    }

    /// The child at `position`.
    public func child(_ position: Int) throws -> ScheduleNode {
        try .make(isl_schedule_node_child(copied, Int32(position)), context, "isl_schedule_node_child")
    }

    /// The whole tree this node belongs to.
    public func schedule() throws -> Schedule {
        try .make(isl_schedule_node_get_schedule(raw), context, "isl_schedule_node_get_schedule")
    }

    /// The number of members of a band node.
    public func bandMemberCount() throws -> Int {
        try context.checkSize(isl_schedule_node_band_n_member(raw), "isl_schedule_node_band_n_member")
    }

    /// Whether the members of a band node may be freely permuted (and so tiled).
    public func bandIsPermutable() throws -> Bool {
        try context.check(isl_schedule_node_band_get_permutable(raw), "isl_schedule_node_band_get_permutable")
    }

    /// Whether band member `position` was computed as coincident (carries no coincidence dependence).
    public func bandMemberIsCoincident(_ position: Int) throws -> Bool {
        try context.check(isl_schedule_node_band_member_get_coincident(raw, Int32(position)),
                          "isl_schedule_node_band_member_get_coincident")
    }

    /// The space of the band's partial schedule (one set dimension per member).
    public func bandSpace() throws -> Space {
        try .make(isl_schedule_node_band_get_space(raw), context, "isl_schedule_node_band_get_space")
    }

    /// The band's partial schedule.
    public func bandPartialSchedule() throws -> MultiUnionPwAff {
        MultiUnionPwAff(taking: try context.check(isl_schedule_node_band_get_partial_schedule(raw),
                                                  "isl_schedule_node_band_get_partial_schedule"),
                        context: context)
    }

    /// Tiles a band: returns the new outer tile band, whose only child is the point band.
    public func bandTile(_ sizes: MultiVal) throws -> ScheduleNode {
        try .make(isl_schedule_node_band_tile(copied, sizes.copied), context, "isl_schedule_node_band_tile")
    }

    public var description: String {
        (try? context.takeString(isl_schedule_node_to_str(raw), "isl_schedule_node_to_str"))
            ?? "<invalid schedule node>"
    }
}
