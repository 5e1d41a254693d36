import CISL

/// An isl identifier (`isl_id`): a name used for tuples, parameters and marks.
public final class Id: CustomStringConvertible {
    /// The context the identifier lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> Id {
        Id(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_id_free(raw) }

    var copied: OpaquePointer? { isl_id_copy(raw) }

    /// An identifier called `name` with no user pointer.
    public convenience init(_ context: Context, name: String) throws {
        let raw = try context.check(isl_id_alloc(context.raw, name, nil), "isl_id_alloc(\(name))")
        self.init(taking: raw, context: context)
    }

    /// The identifier's name (empty for an anonymous identifier).
    public var name: String {
        isl_id_get_name(raw).map { String(cString: $0) } ?? ""
    }

    public var description: String { name }
}
