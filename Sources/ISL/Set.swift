import CISL

/// An isl set (`isl_set`): integer points of one space satisfying affine constraints.
///
/// Inside code that also uses `Swift.Set`, refer to this type as `ISL.Set`.
public final class Set: CustomStringConvertible {
    /// The context the set lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> Set {
        Set(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_set_free(raw) }

    var copied: OpaquePointer? { isl_set_copy(raw) }

    /// Parses isl's textual notation, e.g. `"[n] -> { : n >= 0 }"`.
    public convenience init(_ context: Context, _ text: String) throws {
        let raw = try context.check(isl_set_read_from_str(context.raw, text), "parsing set '\(text)'")
        self.init(taking: raw, context: context)
    }

    /// The space of the set.
    public var space: Space {
        get throws { try .make(isl_set_get_space(raw), context, "isl_set_get_space") }
    }

    /// Whether the set contains no points.
    public func isEmpty() throws -> Bool {
        try context.check(isl_set_is_empty(raw), "isl_set_is_empty")
    }

    /// Whether both sets contain the same points.
    public func isEqual(_ other: Set) throws -> Bool {
        try context.check(isl_set_is_equal(raw, other.raw), "isl_set_is_equal")
    }

    /// Whether every point of `self` is in `other`.
    public func isSubset(of other: Set) throws -> Bool {
        try context.check(isl_set_is_subset(raw, other.raw), "isl_set_is_subset")
    }

    /// The points in both sets.
    public func intersect(_ other: Set) throws -> Set {
        try .make(isl_set_intersect(copied, other.copied), context, "isl_set_intersect")
    }

    /// The points in either set.
    public func union(_ other: Set) throws -> Set {
        try .make(isl_set_union(copied, other.copied), context, "isl_set_union")
    }

    /// The points of `self` that are not in `other`.
    public func subtract(_ other: Set) throws -> Set {
        try .make(isl_set_subtract(copied, other.copied), context, "isl_set_subtract")
    }

    /// The parameter values for which the set is non-empty.
    public func params() throws -> Set {
        try .make(isl_set_params(copied), context, "isl_set_params")
    }

    /// Restricts the parameters to those in `params` (a parameter set, its
    /// parameters aligned by name); the set dimensions are kept.
    public func intersectParams(_ params: Set) throws -> Set {
        try .make(isl_set_intersect_params(copied, params.copied), context, "isl_set_intersect_params")
    }

    /// The lexicographically smallest point for each parameter value, as a
    /// set (empty when `self` is; throws when the minimum is unbounded).
    /// On a parameter-free set it holds at most one point (`samplePoint`).
    public func lexicographicMinimum() throws -> Set {
        try .make(isl_set_lexmin(copied), context, "isl_set_lexmin")
    }

    /// A simplified but equal representation.
    public func coalesce() throws -> Set {
        try .make(isl_set_coalesce(copied), context, "isl_set_coalesce")
    }

    public var description: String {
        (try? context.takeString(isl_set_to_str(raw), "isl_set_to_str")) ?? "<invalid set>"
    }
}
