import CISL

/// An isl union map (`isl_union_map`): a union of relations between different
/// pairs of spaces, e.g. all access relations or a whole schedule.
public final class UnionMap: CustomStringConvertible {
    /// The context the union map lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> UnionMap {
        UnionMap(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_union_map_free(raw) }

    var copied: OpaquePointer? { isl_union_map_copy(raw) }

    /// Parses isl's textual notation, e.g. `"[n] -> { S0[i] -> A[i]; S1[i] -> B[i] }"`.
    public convenience init(_ context: Context, _ text: String) throws {
        let raw = try context.check(isl_union_map_read_from_str(context.raw, text), "parsing union map '\(text)'")
        self.init(taking: raw, context: context)
    }

    /// The union map holding exactly the pairs of `map`.
    public convenience init(_ map: Map) throws {
        let raw = try map.context.check(isl_union_map_from_map(map.copied), "isl_union_map_from_map")
        self.init(taking: raw, context: map.context)
    }

    /// The empty union map.
    public static func empty(_ context: Context) throws -> UnionMap {
        try .make(isl_union_map_empty_ctx(context.raw), context, "isl_union_map_empty_ctx")
    }

    /// Whether the union map contains no pairs.
    public func isEmpty() throws -> Bool {
        try context.check(isl_union_map_is_empty(raw), "isl_union_map_is_empty")
    }

    /// Whether both union maps contain the same pairs.
    public func isEqual(_ other: UnionMap) throws -> Bool {
        try context.check(isl_union_map_is_equal(raw, other.raw), "isl_union_map_is_equal")
    }

    /// Whether every pair of `self` is in `other`.
    public func isSubset(of other: UnionMap) throws -> Bool {
        try context.check(isl_union_map_is_subset(raw, other.raw), "isl_union_map_is_subset")
    }

    /// The pairs in either union map.
    public func union(_ other: UnionMap) throws -> UnionMap {
        try .make(isl_union_map_union(copied, other.copied), context, "isl_union_map_union")
    }

    /// The pairs in both union maps.
    public func intersect(_ other: UnionMap) throws -> UnionMap {
        try .make(isl_union_map_intersect(copied, other.copied), context, "isl_union_map_intersect")
    }

    /// The pairs of `self` that are not in `other`.
    public func subtract(_ other: UnionMap) throws -> UnionMap {
        try .make(isl_union_map_subtract(copied, other.copied), context, "isl_union_map_subtract")
    }

    /// Keeps the pairs whose source lies in `domain`.
    public func intersectDomain(_ domain: UnionSet) throws -> UnionMap {
        try .make(isl_union_map_intersect_domain_union_set(copied, domain.copied), context,
                  "isl_union_map_intersect_domain")
    }

    /// Keeps the pairs whose target lies in `range`.
    public func intersectRange(_ range: UnionSet) throws -> UnionMap {
        try .make(isl_union_map_intersect_range_union_set(copied, range.copied), context,
                  "isl_union_map_intersect_range")
    }

    /// Restricts the parameters to those satisfying `params` (a parameter set).
    public func intersectParams(_ params: Set) throws -> UnionMap {
        try .make(isl_union_map_intersect_params(copied, params.copied), context, "isl_union_map_intersect_params")
    }

    /// Replaces each source by its images under `other`: `{ other(x) -> y : x -> y in self }`.
    public func applyDomain(_ other: UnionMap) throws -> UnionMap {
        try .make(isl_union_map_apply_domain(copied, other.copied), context, "isl_union_map_apply_domain")
    }

    /// The composition `other ∘ self`: replaces each target by its images under `other`.
    public func applyRange(_ other: UnionMap) throws -> UnionMap {
        try .make(isl_union_map_apply_range(copied, other.copied), context, "isl_union_map_apply_range")
    }

    /// The inverse relation.
    public func reverse() throws -> UnionMap {
        try .make(isl_union_map_reverse(copied), context, "isl_union_map_reverse")
    }

    /// The sources of all pairs.
    public func domain() throws -> UnionSet {
        try .make(isl_union_map_domain(copied), context, "isl_union_map_domain")
    }

    /// The targets of all pairs.
    public func range() throws -> UnionSet {
        try .make(isl_union_map_range(copied), context, "isl_union_map_range")
    }

    /// The differences `target - source` of pairs whose two sides share a space.
    public func deltas() throws -> UnionSet {
        try .make(isl_union_map_deltas(copied), context, "isl_union_map_deltas")
    }

    /// `{ a -> b : self(a) ≥ other(b) lexicographically }` for members with a common range space.
    public func lexGE(_ other: UnionMap) throws -> UnionMap {
        try .make(isl_union_map_lex_ge_union_map(copied, other.copied), context, "isl_union_map_lex_ge_union_map")
    }

    /// `{ a -> b : self(a) < other(b) lexicographically }` for members with a common range space.
    public func lexLT(_ other: UnionMap) throws -> UnionMap {
        try .make(isl_union_map_lex_lt_union_map(copied, other.copied), context, "isl_union_map_lex_lt_union_map")
    }

    /// Makes implicit equalities explicit, which also simplifies printing.
    public func detectEqualities() throws -> UnionMap {
        try .make(isl_union_map_detect_equalities(copied), context, "isl_union_map_detect_equalities")
    }

    /// A simplified but equal representation.
    public func coalesce() throws -> UnionMap {
        try .make(isl_union_map_coalesce(copied), context, "isl_union_map_coalesce")
    }

    /// The member maps, one per pair of spaces.
    public func maps() throws -> [Map] {
        let list = try context.check(isl_union_map_get_map_list(raw), "isl_union_map_get_map_list")
        defer { isl_map_list_free(list) }
        let count = try context.checkSize(isl_map_list_size(list), "isl_map_list_size")
        return try (0..<count).map { try .make(isl_map_list_get_at(list, Int32($0)), context, "isl_map_list_get_at") }
    }

    public var description: String {
        (try? context.takeString(isl_union_map_to_str(raw), "isl_union_map_to_str")) ?? "<invalid union map>"
    }
}
