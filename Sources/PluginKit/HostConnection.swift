import PluginAPI

/// The host's services as a plugin written in Swift sees them.
///
/// Wraps the `akg_host` table a plugin receives in `initialize` so Swift code
/// can report diagnostics and emit artifacts without touching C views. The
/// host copies everything it receives, so the Swift values may die as soon as
/// a method returns.
///
/// Thread contract: every method is `[thread-safe]`, as the host services are.
public struct HostConnection: @unchecked Sendable {
    private let host: UnsafePointer<akg_host>

    /// Wraps the table the host passed to `initialize`.
    public init(_ host: UnsafePointer<akg_host>) {
        self.host = host
    }

    /// The ABI version the host speaks.
    public var abiVersion: (major: Int, minor: Int) {
        (Int(host.pointee.abi_major), Int(host.pointee.abi_minor))
    }

    /// Reports a diagnostic for `call` (nil inside initialize/shutdown).
    public func diagnose(_ call: OpaquePointer?, _ level: DiagnosticLevel, code: String, _ message: String) {
        guard let diag = host.pointee.diag else { return }
        withStringView(code) { codeView in
            withStringView(message) { messageView in
                diag(call, level.rawValue, codeView, messageView)
            }
        }
    }

    /// Hands one artifact to the host; returns false when the host refused it.
    @discardableResult
    public func emit(_ call: OpaquePointer?, name: String, mediaType: String, data: [UInt8]) -> Bool {
        guard let emit = host.pointee.emit else { return false }
        return withStringView(name) { nameView in
            withStringView(mediaType) { mediaView in
                data.withUnsafeBytes { bytes in
                    var artifact = akg_artifact(
                        struct_size: UInt32(MemoryLayout<akg_artifact>.size),
                        name: nameView, media_type: mediaView,
                        data: akg_bytes(data: bytes.baseAddress, size: bytes.count))
                    return emit(call, &artifact) == AKG_OK
                }
            }
        }
    }

    /// Hands a UTF-8 text artifact to the host.
    @discardableResult
    public func emit(_ call: OpaquePointer?, name: String, mediaType: String, text: String) -> Bool {
        emit(call, name: name, mediaType: mediaType, data: Array(text.utf8))
    }

    /// True when the host cancelled `call`; long work polls this.
    public func isCancelled(_ call: OpaquePointer?) -> Bool {
        guard let isCancelled = host.pointee.is_cancelled else { return false }
        return isCancelled(call) != 0
    }
}

/// Severity of a diagnostic, as `AKG_DIAG_*`.
public enum DiagnosticLevel: Int32, Sendable {
    case debug = 0, info = 1, warning = 2, error = 3
}

/// Calls `body` with a borrowed `akg_str` view of `string`.
public func withStringView<R>(_ string: String, _ body: (akg_str) -> R) -> R {
    var copy = string
    return copy.withUTF8 { utf8 in
        utf8.withMemoryRebound(to: CChar.self) { chars in
            body(akg_str(data: chars.baseAddress, size: chars.count))
        }
    }
}

/// Copies a borrowed `akg_str` view into a Swift string (invalid UTF-8 repaired).
public func string(from view: akg_str) -> String {
    guard let data = view.data, view.size > 0 else { return "" }
    let bytes = UnsafeRawBufferPointer(start: data, count: view.size)
    return String(decoding: bytes, as: UTF8.self)
}

/// Copies a borrowed `akg_bytes` view into a byte array.
public func bytes(from view: akg_bytes) -> [UInt8] {
    guard let data = view.data, view.size > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: data, count: view.size))
}

/// Swift's form of `AKG_HAS_FIELD`: whether a struct of type `T` whose
/// `struct_size` is `structSize` contains the field at `field`.
public func structHasField<T, V>(_ structSize: UInt32, _ field: KeyPath<T, V>) -> Bool {
    guard let offset = MemoryLayout<T>.offset(of: field) else { return false }
    return Int(structSize) >= offset + MemoryLayout<V>.size
}
