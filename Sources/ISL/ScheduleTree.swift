import CISL

extension Schedule {
    /// Runs `self`, then `other` (their domains must be disjoint): a sequence node.
    public func sequence(_ other: Schedule) throws -> Schedule {
        try .make(isl_schedule_sequence(copied, other.copied), context, "isl_schedule_sequence")
    }

    /// Inserts a mark called `name` right below the root domain node.
    public func insertingMark(_ name: String) throws -> Schedule {
        let id = try Id(context, name: name)
        return try root().child(0).insertMark(id).schedule()
    }

    /// Sets the permutable flag and the per-member coincident flags of the
    /// band right below the root (as `insertingPartialSchedule` leaves it).
    public func settingTopBandFlags(permutable: Bool, coincident: [Bool]) throws -> Schedule {
        var band = try root().child(0)
        guard try band.type() == .band else { throw ISLError(message: "the node below the root is not a band") }
        band = try band.bandSetPermutable(permutable)
        for (position, flag) in coincident.enumerated() {
            band = try band.bandMemberSetCoincident(position, flag)
        }
        return try band.schedule()
    }
}

extension ScheduleNode {
    /// Inserts a mark node with identifier `id` above this node; returns the mark.
    public func insertMark(_ id: Id) throws -> ScheduleNode {
        try .make(isl_schedule_node_insert_mark(copied, id.copied), context, "isl_schedule_node_insert_mark")
    }

    /// The identifier of a mark node.
    public func markId() throws -> Id {
        try .make(isl_schedule_node_mark_get_id(raw), context, "isl_schedule_node_mark_get_id")
    }

    /// The parent node.
    public func parent() throws -> ScheduleNode {
        try .make(isl_schedule_node_parent(copied), context, "isl_schedule_node_parent")
    }

    /// Whether the node has a parent (is not the root).
    public func hasParent() throws -> Bool {
        try context.check(isl_schedule_node_has_parent(raw), "isl_schedule_node_has_parent")
    }

    /// Sets whether the band's members may be permuted.
    public func bandSetPermutable(_ permutable: Bool) throws -> ScheduleNode {
        try .make(isl_schedule_node_band_set_permutable(copied, permutable ? 1 : 0), context,
                  "isl_schedule_node_band_set_permutable")
    }

    /// Sets whether band member `position` is coincident.
    public func bandMemberSetCoincident(_ position: Int, _ coincident: Bool) throws -> ScheduleNode {
        try .make(isl_schedule_node_band_member_set_coincident(copied, Int32(position), coincident ? 1 : 0),
                  context, "isl_schedule_node_band_member_set_coincident")
    }

    /// Splits a band after its first `position` members; returns the outer band.
    public func bandSplit(_ position: Int) throws -> ScheduleNode {
        try .make(isl_schedule_node_band_split(copied, Int32(position)), context, "isl_schedule_node_band_split")
    }

    /// Instance → values of all band members above this node (outermost first).
    public func prefixSchedule() throws -> UnionMap {
        try .make(isl_schedule_node_get_prefix_schedule_union_map(raw), context,
                  "isl_schedule_node_get_prefix_schedule_union_map")
    }

    /// The statement instances that reach this node.
    public func domain() throws -> UnionSet {
        try .make(isl_schedule_node_get_domain(raw), context, "isl_schedule_node_get_domain")
    }
}

/// isl's own scheduler's options (`isl_options_set_schedule_*`), set on a context.
public struct IslSchedulerOptions: Equatable, Sendable {
    /// Use Feautrier's algorithm instead of the Pluto-like one.
    public var feautrier = false
    /// Bound on the absolute value of schedule coefficients (-1: none).
    public var maxCoefficient = -1
    /// Bound on the constant term (-1: none).
    public var maxConstantTerm = -1
    /// Build bands as deep as possible before splitting.
    public var maximizeBandDepth = false
    /// Maximise the number of coincident members.
    public var maximizeCoincidence = false
    /// Require the outermost member of each band to be coincident.
    public var outerCoincidence = false
    /// Schedule whole components at once (else one SCC at a time, fused later).
    public var wholeComponent = false
    /// Separate strongly connected components as soon as possible (no fusion).
    public var serializeSccs = false
    /// Avoid schedules that make coalescing harder (skewing of loops that could stay).
    public var treatCoalescing = true

    /// isl's own defaults.
    public init() {}
}

extension Context {
    /// Applies `options` to the isl scheduler of this context.
    public func setSchedulerOptions(_ options: IslSchedulerOptions) {
        _ = isl_options_set_schedule_algorithm(raw, options.feautrier ? 1 : 0)
        _ = isl_options_set_schedule_max_coefficient(raw, Int32(options.maxCoefficient))
        _ = isl_options_set_schedule_max_constant_term(raw, Int32(options.maxConstantTerm))
        _ = isl_options_set_schedule_maximize_band_depth(raw, options.maximizeBandDepth ? 1 : 0)
        _ = isl_options_set_schedule_maximize_coincidence(raw, options.maximizeCoincidence ? 1 : 0)
        _ = isl_options_set_schedule_outer_coincidence(raw, options.outerCoincidence ? 1 : 0)
        _ = isl_options_set_schedule_whole_component(raw, options.wholeComponent ? 1 : 0)
        _ = isl_options_set_schedule_serialize_sccs(raw, options.serializeSccs ? 1 : 0)
        _ = isl_options_set_schedule_treat_coalescing(raw, options.treatCoalescing ? 1 : 0)
    }
}
