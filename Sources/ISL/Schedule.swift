import CISL

/// An isl schedule tree (`isl_schedule`): the execution order of a domain.
public final class Schedule: CustomStringConvertible {
    /// The context the schedule lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> Schedule {
        Schedule(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_schedule_free(raw) }

    var copied: OpaquePointer? { isl_schedule_copy(raw) }

    /// A schedule of `domain` with no order imposed yet (a lone domain node).
    public convenience init(domain: UnionSet) throws {
        let raw = try domain.context.check(isl_schedule_from_domain(domain.copied), "isl_schedule_from_domain")
        self.init(taking: raw, context: domain.context)
    }

    /// Parses isl's YAML notation of a schedule tree.
    public convenience init(_ context: Context, _ text: String) throws {
        let raw = try context.check(isl_schedule_read_from_str(context.raw, text), "parsing schedule")
        self.init(taking: raw, context: context)
    }

    /// Inserts `partial` as a band right below the root domain node.
    public func insertingPartialSchedule(_ partial: MultiUnionPwAff) throws -> Schedule {
        try .make(isl_schedule_insert_partial_schedule(copied, partial.copied), context,
                  "isl_schedule_insert_partial_schedule")
    }

    /// The statement instances the schedule orders.
    public func domain() throws -> UnionSet {
        try .make(isl_schedule_get_domain(raw), context, "isl_schedule_get_domain")
    }

    /// The schedule flattened into a map from instances to time vectors.
    public func map() throws -> UnionMap {
        try .make(isl_schedule_get_map(raw), context, "isl_schedule_get_map")
    }

    /// The root (domain) node.
    public func root() throws -> ScheduleNode {
        try .make(isl_schedule_get_root(raw), context, "isl_schedule_get_root")
    }

    /// Whether both trees are structurally identical.
    public func isPlainEqual(_ other: Schedule) throws -> Bool {
        try context.check(isl_schedule_plain_is_equal(raw, other.raw), "isl_schedule_plain_is_equal")
    }

    /// Rewrites every node, children before parents; `transform` receives each
    /// node and returns its replacement (still pointing at the same position).
    public func mapNodesBottomUp(_ transform: @escaping (ScheduleNode) throws -> ScheduleNode) throws -> Schedule {
        let box = NodeTransformBox(context: context, transform: transform)
        let result = withExtendedLifetime(box) {
            isl_schedule_map_schedule_node_bottom_up(copied, { node, user in
                guard let node, let user else { return nil }
                let box = Unmanaged<NodeTransformBox>.fromOpaque(user).takeUnretainedValue()
                // After a failure isl still walks the remaining nodes; stop transforming.
                guard box.error == nil else { return node }
                do {
                    let replaced = try box.transform(ScheduleNode(taking: node, context: box.context))
                    return replaced.copied
                } catch {
                    box.error = error
                    return nil
                }
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        if let error = box.error {
            if let result { isl_schedule_free(result) }
            isl_ctx_reset_error(context.raw)
            throw error
        }
        return try .make(result, context, "isl_schedule_map_schedule_node_bottom_up")
    }

    /// isl's YAML notation of the tree (`isl_schedule_to_str`).
    public var description: String {
        (try? context.takeString(isl_schedule_to_str(raw), "isl_schedule_to_str")) ?? "<invalid schedule>"
    }

    /// The tree in block-style YAML, one node per line, for people to read.
    public func blockDescription() throws -> String {
        guard var printer = isl_printer_to_str(context.raw) else { throw context.takeError("isl_printer_to_str failed") }
        printer = isl_printer_set_yaml_style(printer, ISL_YAML_STYLE_BLOCK)
        guard let printed = isl_printer_print_schedule(printer, raw) else {
            throw context.takeError("isl_printer_print_schedule failed")
        }
        defer { isl_printer_free(printed) }
        return try context.takeString(isl_printer_get_str(printed), "isl_printer_get_str")
    }
}

/// Carries a Swift closure and its failure through isl's C callback.
private final class NodeTransformBox {
    let context: Context
    let transform: (ScheduleNode) throws -> ScheduleNode
    var error: Error?

    init(context: Context, transform: @escaping (ScheduleNode) throws -> ScheduleNode) {
        self.context = context
        self.transform = transform
    }
}
