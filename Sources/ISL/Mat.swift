import CISL

/// An isl integer matrix (`isl_mat`), used here for small linear-algebra
/// questions such as the orthogonal complement of schedule rows.
public final class Mat: CustomStringConvertible {
    /// The context the matrix lives in.
    public let context: Context
    let raw: OpaquePointer

    init(taking raw: OpaquePointer, context: Context) {
        self.raw = raw
        self.context = context
    }

    static func make(_ raw: OpaquePointer?, _ context: Context, _ what: @autoclosure () -> String) throws -> Mat {
        Mat(taking: try context.check(raw, what()), context: context)
    }

    deinit { isl_mat_free(raw) }

    var copied: OpaquePointer? { isl_mat_copy(raw) }

    /// The matrix with the given rows; every row must have `columns` entries.
    public convenience init(_ context: Context, rows: [[Int]], columns: Int) throws {
        var raw = try context.check(isl_mat_alloc(context.raw, UInt32(rows.count), UInt32(columns)), "isl_mat_alloc")
        for (row, values) in rows.enumerated() {
            guard values.count == columns else {
                isl_mat_free(raw)
                throw ISLError(message: "matrix row \(row) has \(values.count) entries, expected \(columns)")
            }
            for (column, value) in values.enumerated() {
                raw = try context.check(isl_mat_set_element_si(raw, Int32(row), Int32(column), Int32(value)),
                                        "isl_mat_set_element_si")
            }
        }
        self.init(taking: raw, context: context)
    }

    /// The number of rows.
    public func rowCount() throws -> Int {
        try context.checkSize(isl_mat_rows(raw), "isl_mat_rows")
    }

    /// The number of columns.
    public func columnCount() throws -> Int {
        try context.checkSize(isl_mat_cols(raw), "isl_mat_cols")
    }

    /// The entries, row by row; throws when one does not fit in `Int`.
    public func rows() throws -> [[Int]] {
        let rows = try rowCount(), columns = try columnCount()
        return try (0..<rows).map { row in
            try (0..<columns).map { column in
                try Val.make(isl_mat_get_element_val(raw, Int32(row), Int32(column)), context,
                             "isl_mat_get_element_val").intValue()
            }
        }
    }

    /// A basis of the right kernel `{ x : M x = 0 }`, one basis vector per column.
    public func rightKernel() throws -> Mat {
        try .make(isl_mat_right_kernel(copied), context, "isl_mat_right_kernel")
    }

    public var description: String {
        ((try? rows()) ?? []).map { $0.map(String.init).joined(separator: " ") }.joined(separator: "\n")
    }
}
