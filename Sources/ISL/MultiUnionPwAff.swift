import CISL

/// An isl multi union piecewise affine expression (`isl_multi_union_pw_aff`):
/// a tuple of affine functions defined over a union of spaces, i.e. a partial
/// schedule that can be inserted as a band.
public final class MultiUnionPwAff: CustomStringConvertible {
    /// The context the expression lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    deinit { isl_multi_union_pw_aff_free(raw) }

    var copied: OpaquePointer? { isl_multi_union_pw_aff_copy(raw) }

    /// Converts a single-valued union map with a common range space, e.g.
    /// `{ S0[i] -> [0, i]; S1[i] -> [1, i] }`.
    public convenience init(_ unionMap: UnionMap) throws {
        let raw = try unionMap.context.check(isl_multi_union_pw_aff_from_union_map(unionMap.copied),
                                             "isl_multi_union_pw_aff_from_union_map")
        self.init(taking: raw, context: unionMap.context)
    }

    public var description: String {
        (try? context.takeString(isl_multi_union_pw_aff_to_str(raw), "isl_multi_union_pw_aff_to_str"))
            ?? "<invalid multi union pw aff>"
    }
}
