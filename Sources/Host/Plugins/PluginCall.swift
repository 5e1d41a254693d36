import Foundation
import PluginAPI

/// One diagnostic a plugin reported through `host->diag`.
public struct PluginDiagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Level: Int32, Sendable, Comparable {
        case debug = 0, info = 1, warning = 2, error = 3

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        var label: String {
            switch self {
            case .debug: return "debug"
            case .info: return "note"
            case .warning: return "warning"
            case .error: return "error"
            }
        }
    }

    public var level: Level
    public var code: String
    public var message: String

    public var description: String { "\(level.label): \(message) [\(code)]" }
}

/// One artifact a plugin emitted through `host->emit`, copied into host memory.
public struct Artifact: Equatable, Sendable {
    public var name: String
    public var mediaType: String
    public var data: [UInt8]

    public init(name: String, mediaType: String, data: [UInt8]) {
        self.name = name
        self.mediaType = mediaType
        self.data = data
    }

    public init(name: String, mediaType: String, text: String) {
        self.init(name: name, mediaType: mediaType, data: Array(text.utf8))
    }

    /// The data read as UTF-8 text.
    public var text: String { String(decoding: data, as: UTF8.self) }
}

/// The host side of one call into a plugin: collects what the plugin reports.
///
/// A plugin sees it as the opaque `akg_call *`. It is only valid while the
/// plugin function it was passed to runs; `perform` guarantees that by keeping
/// the object alive for exactly that long.
///
/// Thread contract: `[thread-safe]` — a plugin may report from worker threads.
public final class PluginCall: @unchecked Sendable {
    private let lock = NSLock()
    private var collectedDiagnostics: [PluginDiagnostic] = []
    private var collectedArtifacts: [Artifact] = []
    private var cancelled = false

    public init() {}

    public var diagnostics: [PluginDiagnostic] { lock.withLock { collectedDiagnostics } }
    public var artifacts: [Artifact] { lock.withLock { collectedArtifacts } }

    /// Asks the plugin to stop; it sees this through `is_cancelled`.
    public func cancel() { lock.withLock { cancelled = true } }

    var isCancelled: Bool { lock.withLock { cancelled } }

    func record(_ diagnostic: PluginDiagnostic) {
        lock.withLock { collectedDiagnostics.append(diagnostic) }
    }

    func record(_ artifact: Artifact) {
        lock.withLock { collectedArtifacts.append(artifact) }
    }

    /// Runs `body` with this call's opaque C handle.
    public func perform<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            try body(OpaquePointer(Unmanaged.passUnretained(self).toOpaque()))
        }
    }

    static func from(_ handle: OpaquePointer) -> PluginCall {
        Unmanaged<PluginCall>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }
}

/// The `akg_host` table handed to every plugin, and the calls it routes to.
///
/// `diag` with a NULL call happens inside `initialize`/`shutdown`; such
/// diagnostics go to the call the loader marked as ambient for that plugin
/// (loading is serial), or to standard error when there is none.
enum HostServices {
    /// One table for the whole process; plugins may keep the pointer until
    /// `shutdown`, and the host never unloads them, so it is never freed.
    static let table: UnsafePointer<akg_host> = {
        let table = UnsafeMutablePointer<akg_host>.allocate(capacity: 1)
        table.initialize(to: akg_host(
            struct_size: UInt32(MemoryLayout<akg_host>.size),
            abi_major: UInt16(AKG_ABI_MAJOR),
            abi_minor: UInt16(AKG_ABI_MINOR),
            diag: { call, level, code, message in
                let diagnostic = PluginDiagnostic(
                    level: PluginDiagnostic.Level(rawValue: min(max(level, 0), 3)) ?? .error,
                    code: copyString(code), message: copyString(message))
                if let call {
                    PluginCall.from(call).record(diagnostic)
                } else if let ambient = HostServices.ambientCall {
                    ambient.record(diagnostic)
                } else {
                    FileHandle.standardError.write(Data("akg-host: plugin \(diagnostic)\n".utf8))
                }
            },
            emit: { call, artifact in
                guard let call, let artifact,
                      artifact.pointee.struct_size >= UInt32(MemoryLayout<akg_artifact>.size)
                else { return AKG_ERR_INVALID_ARGUMENT }
                let view = artifact.pointee
                if view.data.size > 0 && view.data.data == nil { return AKG_ERR_INVALID_ARGUMENT }
                let name = copyString(view.name)
                if name.isEmpty || name.contains("/") { return AKG_ERR_INVALID_ARGUMENT }
                var data: [UInt8] = []
                if let bytes = view.data.data, view.data.size > 0 {
                    data = Array(UnsafeRawBufferPointer(start: bytes, count: view.data.size))
                }
                PluginCall.from(call).record(Artifact(
                    name: name, mediaType: copyString(view.media_type), data: data))
                return AKG_OK
            },
            is_cancelled: { call in
                guard let call else { return 0 }
                return PluginCall.from(call).isCancelled ? 1 : 0
            },
            get_interface: { _, _ in nil }
        ))
        return UnsafePointer(table)
    }()

    private static let ambientLock = NSLock()
    nonisolated(unsafe) private static var ambient: PluginCall?

    static var ambientCall: PluginCall? { ambientLock.withLock { ambient } }

    /// Routes NULL-call diagnostics to `call` while `body` runs.
    static func withAmbientCall<R>(_ call: PluginCall, _ body: () throws -> R) rethrows -> R {
        ambientLock.withLock { ambient = call }
        defer { ambientLock.withLock { ambient = nil } }
        return try body()
    }
}

/// Copies a borrowed C string view; invalid UTF-8 is repaired, not trusted.
func copyString(_ view: akg_str) -> String {
    guard let data = view.data, view.size > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: data, count: view.size), as: UTF8.self)
}
