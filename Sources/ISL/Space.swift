import CISL

/// Which group of dimensions of a space is meant.
public enum DimensionKind: Sendable {
    case parameter, input, output, set

    var isl: isl_dim_type {
        switch self {
        case .parameter: return isl_dim_param
        case .input: return isl_dim_in
        case .output: return isl_dim_out
        case .set: return isl_dim_set
        }
    }
}

/// An isl space (`isl_space`): the parameters and tuples of a set or map.
public final class Space: CustomStringConvertible {
    /// The context the space lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> Space {
        Space(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_space_free(raw) }

    var copied: OpaquePointer? { isl_space_copy(raw) }

    /// The number of dimensions of the given kind.
    public func dimensionCount(_ kind: DimensionKind) throws -> Int {
        try context.checkSize(isl_space_dim(raw, kind.isl), "isl_space_dim")
    }

    /// The name of the tuple of the given kind (`.set`, `.input` or `.output`), if it has one.
    public func tupleName(_ kind: DimensionKind) -> String? {
        isl_space_get_tuple_name(raw, kind.isl).map { String(cString: $0) }
    }

    /// Whether both spaces are the same.
    public func isEqual(_ other: Space) throws -> Bool {
        try context.check(isl_space_is_equal(raw, other.raw), "isl_space_is_equal")
    }

    public var description: String {
        (try? context.takeString(isl_space_to_str(raw), "isl_space_to_str")) ?? "<invalid space>"
    }
}
