import CISL

/// An isl value (`isl_val`): an arbitrary-precision rational, or infinity/NaN.
public final class Val: CustomStringConvertible {
    /// The context the value lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> Val {
        Val(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_val_free(raw) }

    /// A new reference to the same value, for `__isl_take` parameters.
    var copied: OpaquePointer? { isl_val_copy(raw) }

    /// The integer `value`.
    public convenience init(_ context: Context, _ value: Int) throws {
        let raw = try context.check(isl_val_int_from_si(context.raw, value), "isl_val_int_from_si")
        self.init(taking: raw, context: context)
    }

    /// Whether the value is an integer.
    public var isInteger: Bool { isl_val_is_int(raw) == isl_bool_true }

    /// The value as a Swift `Int`; throws if it is not an integer or does not fit.
    public func intValue() throws -> Int {
        guard isInteger else { throw ISLError(message: "value \(description) is not an integer") }
        guard let value = Int(description) else {
            throw ISLError(message: "integer \(description) does not fit in Int")
        }
        return value
    }

    public var description: String {
        (try? context.takeString(isl_val_to_str(raw), "isl_val_to_str")) ?? "<invalid val>"
    }
}
