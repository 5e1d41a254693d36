import PluginAPI

/// Why one plugin could not be used. Each case says what to do next.
///
/// The loader reports these and goes on with the other plugins; one broken
/// vendor library never stops the host.
public enum PluginLoadError: Error, Equatable, CustomStringConvertible {
    case fileMissing(path: String)
    case notSharedLibrary(path: String, reason: String)
    case noEntrySymbol(path: String)
    case abiMajorMismatch(path: String, pluginMajor: Int, pluginMinor: Int)
    case structTooSmall(path: String, what: String, size: Int, required: Int)
    case malformedEntry(path: String, reason: String)
    case initializeFailed(path: String, id: String, status: Int32, diagnostics: [PluginDiagnostic])
    case interfaceMissing(path: String, id: String, interface: String, kind: String, reason: String)
    case duplicateID(id: String, firstPath: String, secondPath: String)

    /// The file the failure is about.
    public var path: String {
        switch self {
        case .fileMissing(let path), .notSharedLibrary(let path, _), .noEntrySymbol(let path),
             .abiMajorMismatch(let path, _, _), .structTooSmall(let path, _, _, _),
             .malformedEntry(let path, _), .initializeFailed(let path, _, _, _),
             .interfaceMissing(let path, _, _, _, _):
            return path
        case .duplicateID(_, _, let secondPath):
            return secondPath
        }
    }

    public var description: String {
        let host = "\(AKG_ABI_MAJOR).\(AKG_ABI_MINOR)"
        switch self {
        case .fileMissing(let path):
            return "plugin \(path): no such file; check the --plugin path or AKG_PLUGIN_PATH"
        case .notSharedLibrary(let path, let reason):
            return "plugin \(path): not a loadable shared library (\(reason)); build it with `cc -shared -fPIC`"
        case .noEntrySymbol(let path):
            return "plugin \(path): no exported symbol '\(AKG_PLUGIN_ENTRY_SYMBOL)'; define `AKG_EXPORT const akg_plugin akg_plugin_entry = {...}` (see docs/ABI.md)"
        case .abiMajorMismatch(let path, let major, let minor):
            return "plugin \(path): built for ABI \(major).\(minor), host speaks \(host); rebuild the plugin against this host's akg_plugin.h"
        case .structTooSmall(let path, let what, let size, let required):
            return "plugin \(path): \(what) has struct_size \(size), but ABI \(AKG_ABI_MAJOR).0 needs at least \(required) bytes; the plugin is corrupt or was built against a broken header"
        case .malformedEntry(let path, let reason):
            return "plugin \(path): malformed entry table: \(reason)"
        case .initializeFailed(let path, let id, let status, let diagnostics):
            var text = "plugin \(path) (\(id)): initialize failed with \(statusName(status))"
            for diagnostic in diagnostics { text += "\n  \(diagnostic)" }
            return text
        case .interfaceMissing(let path, let id, let interface, let kind, let reason):
            return "plugin \(path) (\(id)): declares kind '\(kind)' but provides no usable '\(interface)' interface: \(reason)"
        case .duplicateID(let id, let firstPath, let secondPath):
            return "plugin id '\(id)' is provided by both \(firstPath) and \(secondPath); using the first, ignoring the second — remove one of them"
        }
    }
}

/// The name of an `AKG_*` status code, for messages.
public func statusName(_ status: Int32) -> String {
    switch status {
    case AKG_OK: return "AKG_OK"
    case AKG_ERR_FAILED: return "AKG_ERR_FAILED"
    case AKG_ERR_INVALID_ARGUMENT: return "AKG_ERR_INVALID_ARGUMENT"
    case AKG_ERR_UNSUPPORTED: return "AKG_ERR_UNSUPPORTED"
    case AKG_ERR_BAD_FORMAT: return "AKG_ERR_BAD_FORMAT"
    case AKG_ERR_OUT_OF_MEMORY: return "AKG_ERR_OUT_OF_MEMORY"
    case AKG_ERR_CANCELLED: return "AKG_ERR_CANCELLED"
    case AKG_ERR_TOOLCHAIN: return "AKG_ERR_TOOLCHAIN"
    case AKG_ERR_RUNTIME: return "AKG_ERR_RUNTIME"
    case AKG_ERR_TIMEOUT: return "AKG_ERR_TIMEOUT"
    case AKG_ERR_NOT_FOUND: return "AKG_ERR_NOT_FOUND"
    case AKG_ERR_VERSION: return "AKG_ERR_VERSION"
    default: return "status \(status)"
    }
}
