import CISL

/// An isl map (`isl_map`): a relation between two tuples of one pair of spaces.
public final class Map: CustomStringConvertible {
    /// The context the map lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> Map {
        Map(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_map_free(raw) }

    var copied: OpaquePointer? { isl_map_copy(raw) }

    /// Parses isl's textual notation, e.g. `"{ S[i] -> A[i + 1] }"`.
    public convenience init(_ context: Context, _ text: String) throws {
        let raw = try context.check(isl_map_read_from_str(context.raw, text), "parsing map '\(text)'")
        self.init(taking: raw, context: context)
    }

    /// The single map of a union map whose members all share one space; throws otherwise.
    public convenience init(_ unionMap: UnionMap) throws {
        let raw = try unionMap.context.check(isl_map_from_union_map(unionMap.copied), "isl_map_from_union_map")
        self.init(taking: raw, context: unionMap.context)
    }

    /// The universal relation on `space`.
    public static func universe(_ space: Space) throws -> Map {
        try .make(isl_map_universe(space.copied), space.context, "isl_map_universe")
    }

    /// The space of the map.
    public var space: Space {
        get throws { try .make(isl_map_get_space(raw), context, "isl_map_get_space") }
    }

    /// The number of dimensions of the given kind.
    public func dimensionCount(_ kind: DimensionKind) throws -> Int {
        try context.checkSize(isl_map_dim(raw, kind.isl), "isl_map_dim")
    }

    /// The name of the input (`.input`) or output (`.output`) tuple, if it has one.
    public func tupleName(_ kind: DimensionKind) -> String? {
        isl_map_get_tuple_name(raw, kind.isl).map { String(cString: $0) }
    }

    /// Whether the relation is empty.
    public func isEmpty() throws -> Bool {
        try context.check(isl_map_is_empty(raw), "isl_map_is_empty")
    }

    /// Whether both maps contain the same pairs.
    public func isEqual(_ other: Map) throws -> Bool {
        try context.check(isl_map_is_equal(raw, other.raw), "isl_map_is_equal")
    }

    /// Whether every pair of `self` is in `other`.
    public func isSubset(of other: Map) throws -> Bool {
        try context.check(isl_map_is_subset(raw, other.raw), "isl_map_is_subset")
    }

    /// The pairs in both maps.
    public func intersect(_ other: Map) throws -> Map {
        try .make(isl_map_intersect(copied, other.copied), context, "isl_map_intersect")
    }

    /// Adds the constraint that dimension `position1` of `kind1` equals dimension `position2` of `kind2`.
    public func equate(_ kind1: DimensionKind, _ position1: Int, _ kind2: DimensionKind, _ position2: Int) throws -> Map {
        try .make(isl_map_equate(copied, kind1.isl, Int32(position1), kind2.isl, Int32(position2)),
                  context, "isl_map_equate")
    }

    /// Appends `count` dimensions of the given kind.
    public func addDimensions(_ kind: DimensionKind, count: Int) throws -> Map {
        try .make(isl_map_add_dims(copied, kind.isl, UInt32(count)), context, "isl_map_add_dims")
    }

    /// Fixes dimension `position` of `kind` to `value`.
    public func fix(_ kind: DimensionKind, _ position: Int, to value: Int) throws -> Map {
        try .make(isl_map_fix_si(copied, kind.isl, UInt32(position), Int32(value)), context, "isl_map_fix_si")
    }

    /// Removes `count` dimensions of `kind` from `first` on, keeping what they imply about the others.
    public func projectOut(_ kind: DimensionKind, first: Int, count: Int) throws -> Map {
        try .make(isl_map_project_out(copied, kind.isl, UInt32(first), UInt32(count)), context, "isl_map_project_out")
    }

    /// The value of dimension `position` of `kind` when the constraints fix it
    /// to one integer for every element (checked syntactically, without
    /// solving); `nil` otherwise.
    public func plainFixedValue(_ kind: DimensionKind, _ position: Int) throws -> Int? {
        let value = try Val.make(isl_map_plain_get_val_if_fixed(raw, kind.isl, UInt32(position)), context,
                                 "isl_map_plain_get_val_if_fixed")
        return value.isInteger ? try value.intValue() : nil
    }

    /// Removes the name of the tuple of the given kind.
    public func resetTupleId(_ kind: DimensionKind) throws -> Map {
        try .make(isl_map_reset_tuple_id(copied, kind.isl), context, "isl_map_reset_tuple_id")
    }

    public var description: String {
        (try? context.takeString(isl_map_to_str(raw), "isl_map_to_str")) ?? "<invalid map>"
    }
}
