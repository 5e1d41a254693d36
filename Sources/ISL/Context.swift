import CISL
#if canImport(Glibc)
import Glibc
#endif

/// An isl context: the allocation arena every other isl object belongs to.
///
/// Every wrapper keeps a strong reference to its context, so the context is
/// freed only after the last object allocated in it. isl contexts are not
/// thread-safe; use one context per thread of work.
public final class Context: @unchecked Sendable {
    let raw: OpaquePointer

    /// Allocates a context that reports errors instead of aborting.
    public init() {
        guard let ctx = isl_ctx_alloc() else {
            // isl_ctx_alloc only fails when malloc does; nothing sensible remains.
            fatalError("isl_ctx_alloc failed: out of memory")
        }
        raw = ctx
        _ = isl_options_set_on_error(ctx, ISL_ON_ERROR_CONTINUE)
    }

    deinit {
        isl_ctx_free(raw)
    }

    /// Whether tiling scales the tile loops by the tile size (isl default: yes).
    public var tileScaleTileLoops: Bool {
        get { isl_options_get_tile_scale_tile_loops(raw) != 0 }
        set { _ = isl_options_set_tile_scale_tile_loops(raw, newValue ? 1 : 0) }
    }

    /// Whether tiling shifts point loops to start at zero (isl default: yes).
    public var tileShiftPointLoops: Bool {
        get { isl_options_get_tile_shift_point_loops(raw) != 0 }
        set { _ = isl_options_set_tile_shift_point_loops(raw, newValue ? 1 : 0) }
    }

    /// The error isl recorded last, cleared so the next failure starts fresh.
    func takeError(_ fallback: String) -> ISLError {
        let message = isl_ctx_last_error_msg(raw).map { String(cString: $0) }
        let file = isl_ctx_last_error_file(raw).map { String(cString: $0) }
        let line = Int(isl_ctx_last_error_line(raw))
        isl_ctx_reset_error(raw)
        return ISLError(message: message ?? fallback, file: file, line: file == nil || line < 0 ? nil : line)
    }

    /// Returns `pointer`, or throws the recorded isl error when it is `NULL`.
    func check(_ pointer: OpaquePointer?, _ what: @autoclosure () -> String) throws -> OpaquePointer {
        guard let pointer else { throw takeError("\(what()) failed") }
        return pointer
    }

    /// Converts an `isl_bool`, throwing on `isl_bool_error`.
    func check(_ value: isl_bool, _ what: @autoclosure () -> String) throws -> Bool {
        if value == isl_bool_error { throw takeError("\(what()) failed") }
        return value == isl_bool_true
    }

    /// Converts an `isl_size`, throwing on `isl_size_error`.
    func checkSize(_ value: isl_size, _ what: @autoclosure () -> String) throws -> Int {
        if value < 0 { throw takeError("\(what()) failed") }
        return Int(value)
    }

    /// Converts an `isl_stat`, throwing on `isl_stat_error`.
    func check(_ value: isl_stat, _ what: @autoclosure () -> String) throws {
        if value == isl_stat_error { throw takeError("\(what()) failed") }
    }

    /// Takes ownership of a C string isl allocated, freeing it.
    func takeString(_ pointer: UnsafeMutablePointer<CChar>?, _ what: @autoclosure () -> String) throws -> String {
        guard let pointer else { throw takeError("\(what()) failed") }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
