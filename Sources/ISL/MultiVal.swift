import CISL

/// An isl multi value (`isl_multi_val`): one value per dimension of a space,
/// e.g. the tile sizes of a band.
public final class MultiVal: CustomStringConvertible {
    /// The context the multi value lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    deinit { isl_multi_val_free(raw) }

    var copied: OpaquePointer? { isl_multi_val_copy(raw) }

    /// The values `values` on the set dimensions of `space`; the counts must match.
    public convenience init(_ space: Space, values: [Int]) throws {
        let context = space.context
        var raw = try context.check(isl_multi_val_zero(space.copied), "isl_multi_val_zero")
        for (position, value) in values.enumerated() {
            guard let val = isl_val_int_from_si(context.raw, value) else {
                isl_multi_val_free(raw)
                throw context.takeError("isl_val_int_from_si")
            }
            raw = try context.check(isl_multi_val_set_val(raw, Int32(position), val), "isl_multi_val_set_val")
        }
        self.init(taking: raw, context: context)
    }

    public var description: String {
        (try? context.takeString(isl_multi_val_to_str(raw), "isl_multi_val_to_str")) ?? "<invalid multi val>"
    }
}
