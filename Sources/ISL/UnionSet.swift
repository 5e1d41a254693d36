import CISL

/// An isl union set (`isl_union_set`): a union of sets living in different spaces,
/// e.g. the iteration domains of all statements.
public final class UnionSet: CustomStringConvertible {
    /// The context the union set lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> UnionSet {
        UnionSet(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_union_set_free(raw) }

    var copied: OpaquePointer? { isl_union_set_copy(raw) }

    /// Parses isl's textual notation, e.g. `"[n] -> { S0[i] : 0 <= i < n }"`.
    public convenience init(_ context: Context, _ text: String) throws {
        let raw = try context.check(isl_union_set_read_from_str(context.raw, text), "parsing union set '\(text)'")
        self.init(taking: raw, context: context)
    }

    /// The union set holding exactly the points of `set`.
    public convenience init(_ set: Set) throws {
        let raw = try set.context.check(isl_union_set_from_set(set.copied), "isl_union_set_from_set")
        self.init(taking: raw, context: set.context)
    }

    /// The empty union set.
    public static func empty(_ context: Context) throws -> UnionSet {
        try .make(isl_union_set_empty_ctx(context.raw), context, "isl_union_set_empty_ctx")
    }

    /// Whether the union set contains no points.
    public func isEmpty() throws -> Bool {
        try context.check(isl_union_set_is_empty(raw), "isl_union_set_is_empty")
    }

    /// Whether both union sets contain the same points.
    public func isEqual(_ other: UnionSet) throws -> Bool {
        try context.check(isl_union_set_is_equal(raw, other.raw), "isl_union_set_is_equal")
    }

    /// Whether every point of `self` is in `other`.
    public func isSubset(of other: UnionSet) throws -> Bool {
        try context.check(isl_union_set_is_subset(raw, other.raw), "isl_union_set_is_subset")
    }

    /// The points in either union set.
    public func union(_ other: UnionSet) throws -> UnionSet {
        try .make(isl_union_set_union(copied, other.copied), context, "isl_union_set_union")
    }

    /// The points in both union sets.
    public func intersect(_ other: UnionSet) throws -> UnionSet {
        try .make(isl_union_set_intersect(copied, other.copied), context, "isl_union_set_intersect")
    }

    /// The points of `self` that are not in `other`.
    public func subtract(_ other: UnionSet) throws -> UnionSet {
        try .make(isl_union_set_subtract(copied, other.copied), context, "isl_union_set_subtract")
    }

    /// Restricts the parameters to those satisfying `params` (a parameter set).
    public func intersectParams(_ params: Set) throws -> UnionSet {
        try .make(isl_union_set_intersect_params(copied, params.copied), context, "isl_union_set_intersect_params")
    }

    /// The parameter values for which the union set has a point: every
    /// member's points projected onto the parameters, as one parameter set.
    public func params() throws -> Set {
        try .make(isl_union_set_params(copied), context, "isl_union_set_params")
    }

    /// The identity relation on the points of the union set.
    public func identity() throws -> UnionMap {
        try .make(isl_union_set_identity(copied), context, "isl_union_set_identity")
    }

    /// A simplified but equal representation.
    public func coalesce() throws -> UnionSet {
        try .make(isl_union_set_coalesce(copied), context, "isl_union_set_coalesce")
    }

    /// The member sets, one per space.
    public func sets() throws -> [Set] {
        let list = try context.check(isl_union_set_get_set_list(raw), "isl_union_set_get_set_list")
        defer { isl_set_list_free(list) }
        let count = try context.checkSize(isl_set_list_size(list), "isl_set_list_size")
        return try (0..<count).map { try .make(isl_set_list_get_at(list, Int32($0)), context, "isl_set_list_get_at") }
    }

    public var description: String {
        (try? context.takeString(isl_union_set_to_str(raw), "isl_union_set_to_str")) ?? "<invalid union set>"
    }
}
