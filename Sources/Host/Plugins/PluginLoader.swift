import Foundation
import PluginAPI

/// Where a plugin file came from, for listings and messages.
public enum PluginOrigin: String, Sendable {
    case explicit = "--plugin"
    case environment = "AKG_PLUGIN_PATH"
    case hostDirectory = "beside akg-host"
}

/// Where to look for plugins.
///
/// Order matters: when two files provide the same plugin id, the first one
/// found wins and the second is reported. Explicit `--plugin` files come
/// first, then `AKG_PLUGIN_PATH`, then the directory of the host binary.
public struct PluginSearchPath: Sendable {
    /// Files (or directories of `*.so`) named with `--plugin`.
    public var explicit: [String]
    /// The value of `AKG_PLUGIN_PATH`: `:`-separated files or directories.
    public var environment: String?
    /// The directory holding `akg-host`, where the build puts in-tree plugins
    /// (`libakg-*.so`); nil to skip it.
    public var hostDirectory: String?

    public init(explicit: [String] = [], environment: String? = nil, hostDirectory: String? = nil) {
        self.explicit = explicit
        self.environment = environment
        self.hostDirectory = hostDirectory
    }

    /// The search path of a running `akg-host`: its own directory and the
    /// environment variable, plus the given `--plugin` files.
    public static func standard(explicit: [String]) -> PluginSearchPath {
        let environment = ProcessInfo.processInfo.environment["AKG_PLUGIN_PATH"]
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        let directory = (executable as NSString).deletingLastPathComponent
        return PluginSearchPath(explicit: explicit, environment: environment,
                                hostDirectory: directory.isEmpty ? nil : directory)
    }

    /// Every candidate file in search order, with its origin.
    public func candidates() -> [(path: String, origin: PluginOrigin)] {
        var found: [(String, PluginOrigin)] = []
        for path in explicit {
            found += expand(path, pattern: { $0.hasSuffix(".so") }).map { ($0, .explicit) }
        }
        for entry in (environment ?? "").split(separator: ":") where !entry.isEmpty {
            found += expand(String(entry), pattern: { $0.hasSuffix(".so") }).map { ($0, .environment) }
        }
        if let hostDirectory {
            // Only the project's own naming scheme: the build directory also
            // holds unrelated libraries that must not be dlopen'ed.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: hostDirectory)) ?? []
            for name in names.sorted() where name.hasPrefix("libakg-") && name.hasSuffix(".so") {
                found.append(((hostDirectory as NSString).appendingPathComponent(name), .hostDirectory))
            }
        }
        return found
    }

    /// A file stays itself (even when missing: the loader reports it); a
    /// directory becomes its matching files, sorted.
    private func expand(_ path: String, pattern: (String) -> Bool) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter(pattern).sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}

/// The plugins a search produced: the usable ones and why the others failed.
public struct PluginSet: Sendable {
    public var plugins: [LoadedPlugin]
    public var failures: [PluginLoadError]

    /// The backend plugin whose id is `id`, or whose id ends in `.id` (so
    /// `cpu` finds `org.akg.cpu`).
    public func backend(named id: String) -> LoadedPlugin? {
        plugins.first { $0.backend != nil && ($0.id == id || $0.id.hasSuffix("." + id)) }
    }

    /// The strategy plugin whose id is `id` or ends in `.id`.
    public func strategy(named id: String) -> LoadedPlugin? {
        plugins.first { $0.strategy != nil && ($0.id == id || $0.id.hasSuffix("." + id)) }
    }
}

/// Loads plugins through the C ABI and checks them before trusting them.
///
/// Every check that can be made on the entry table's data (size, ABI major,
/// id, duplicate ids) happens before any plugin function runs. A library is
/// opened once per process (`dlopen` would hand back the same handle anyway)
/// and never closed; loading the same file again returns the same plugin.
///
/// Thread contract: `[serial]` — `initialize` of one plugin never overlaps
/// another's, which keeps NULL-call diagnostics attributable.
public enum PluginLoader {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var loadedByRealPath: [String: LoadedPlugin] = [:]

    /// Loads every candidate of `search`, in order.
    public static func load(_ search: PluginSearchPath) -> PluginSet {
        lock.lock()
        defer { lock.unlock() }
        var result = PluginSet(plugins: [], failures: [])
        var pathByID: [String: String] = [:]
        var seenRealPaths: Set<String> = []
        for (path, _) in search.candidates() {
            let realPath = (path as NSString).resolvingSymlinksInPath
            // The same file reached twice (say, --plugin and the host
            // directory) is one plugin, not a duplicate.
            if !seenRealPaths.insert(realPath).inserted { continue }
            switch loadOne(path: path, realPath: realPath, pathByID: pathByID) {
            case .success(let plugin):
                pathByID[plugin.id] = path
                result.plugins.append(plugin)
            case .failure(let error):
                result.failures.append(error)
            }
        }
        return result
    }

    /// Calls `shutdown` on every plugin this process loaded; for process exit.
    public static func shutdownAll() {
        lock.lock()
        defer { lock.unlock() }
        for plugin in loadedByRealPath.values { plugin.shutdown() }
        loadedByRealPath.removeAll()
    }

    private static func loadOne(path: String, realPath: String,
                                pathByID: [String: String]) -> Result<LoadedPlugin, PluginLoadError> {
        if let plugin = loadedByRealPath[realPath] {
            if let first = pathByID[plugin.id] {
                return .failure(.duplicateID(id: plugin.id, firstPath: first, secondPath: path))
            }
            return .success(plugin)
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(.fileMissing(path: path))
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            return .failure(.notSharedLibrary(path: path, reason: reason))
        }
        guard let symbol = dlsym(handle, AKG_PLUGIN_ENTRY_SYMBOL) else {
            return .failure(.noEntrySymbol(path: path))
        }
        let entry = symbol.assumingMemoryBound(to: akg_plugin.self)
        // struct_size, abi_major and abi_minor sit at offsets 0, 4 and 6 in
        // every version; read them before anything else.
        let raw = UnsafeRawPointer(symbol)
        let structSize = Int(raw.load(as: UInt32.self))
        if structSize < 8 {
            return .failure(.structTooSmall(path: path, what: "akg_plugin_entry", size: structSize,
                                            required: MemoryLayout<akg_plugin>.size))
        }
        let major = Int(raw.load(fromByteOffset: 4, as: UInt16.self))
        let minor = Int(raw.load(fromByteOffset: 6, as: UInt16.self))
        guard major == Int(AKG_ABI_MAJOR) else {
            return .failure(.abiMajorMismatch(path: path, pluginMajor: major, pluginMinor: minor))
        }
        // Every field of akg_plugin exists since 1.0, so a 1.x plugin must
        // carry all of them; newer minors may only be larger.
        guard structSize >= MemoryLayout<akg_plugin>.size else {
            return .failure(.structTooSmall(path: path, what: "akg_plugin_entry", size: structSize,
                                            required: MemoryLayout<akg_plugin>.size))
        }
        let table = entry.pointee
        guard let idPointer = table.id, let namePointer = table.name, let versionPointer = table.version else {
            return .failure(.malformedEntry(path: path, reason: "id, name and version must be non-NULL strings"))
        }
        let id = String(cString: idPointer)
        guard isValidPluginID(id) else {
            return .failure(.malformedEntry(path: path, reason: "id '\(id)' is not a reverse-DNS name like 'com.example.mychip'"))
        }
        guard let initialize = table.initialize, let getInterface = table.get_interface, table.shutdown != nil else {
            return .failure(.malformedEntry(path: path, reason: "initialize, shutdown and get_interface must be non-NULL"))
        }
        if let first = pathByID[id] {
            return .failure(.duplicateID(id: id, firstPath: first, secondPath: path))
        }
        let kinds = PluginKinds(rawValue: table.kinds)
        if kinds.isEmpty {
            return .failure(.malformedEntry(path: path, reason: "kinds is 0; set AKG_KIND_BACKEND and/or AKG_KIND_STRATEGY"))
        }

        // From here on plugin code runs.
        let initCall = PluginCall()
        var state: UnsafeMutableRawPointer?
        let status = HostServices.withAmbientCall(initCall) {
            path.withCString { initialize(HostServices.table, $0, &state) }
        }
        guard status == AKG_OK else {
            return .failure(.initializeFailed(path: path, id: id, status: status,
                                              diagnostics: initCall.diagnostics))
        }
        func fail(_ error: PluginLoadError) -> Result<LoadedPlugin, PluginLoadError> {
            table.shutdown?(state)
            return .failure(error)
        }

        var interfaces: [String] = []
        var backend: BackendInterface?
        var strategy: StrategyInterface?
        if kinds.contains(.backend) {
            switch interface(getInterface, state, AKG_BACKEND_INTERFACE_V1, as: akg_backend_v1.self) {
            case .failure(let reason):
                return fail(.interfaceMissing(path: path, id: id, interface: AKG_BACKEND_INTERFACE_V1,
                                              kind: "backend", reason: reason.reason))
            case .success(let pointer):
                let t = pointer.pointee
                let missing = [("capabilities", t.capabilities == nil), ("generate", t.generate == nil),
                               ("build", t.build == nil), ("load", t.load == nil), ("run", t.run == nil),
                               ("unload", t.unload == nil)].filter(\.1).map(\.0)
                guard missing.isEmpty else {
                    return fail(.interfaceMissing(path: path, id: id, interface: AKG_BACKEND_INTERFACE_V1, kind: "backend",
                                                  reason: "NULL function pointers: \(missing.joined(separator: ", "))"))
                }
                interfaces.append(AKG_BACKEND_INTERFACE_V1)
                backend = BackendInterface(pluginID: id, table: pointer, state: state)
            }
        }
        if kinds.contains(.strategy) {
            switch interface(getInterface, state, AKG_STRATEGY_INTERFACE_V1, as: akg_strategy_v1.self) {
            case .failure(let reason):
                return fail(.interfaceMissing(path: path, id: id, interface: AKG_STRATEGY_INTERFACE_V1,
                                              kind: "strategy", reason: reason.reason))
            case .success(let pointer):
                let t = pointer.pointee
                let missing = [("open", t.open == nil), ("propose", t.propose == nil),
                               ("observe", t.observe == nil), ("close", t.close == nil)].filter(\.1).map(\.0)
                guard missing.isEmpty else {
                    return fail(.interfaceMissing(path: path, id: id, interface: AKG_STRATEGY_INTERFACE_V1, kind: "strategy",
                                                  reason: "NULL function pointers: \(missing.joined(separator: ", "))"))
                }
                interfaces.append(AKG_STRATEGY_INTERFACE_V1)
                strategy = StrategyInterface(pluginID: id, table: pointer, state: state)
            }
        }

        let plugin = LoadedPlugin(
            path: path, id: id, name: String(cString: namePointer), version: String(cString: versionPointer),
            abiMajor: major, abiMinor: minor, kinds: kinds, interfaces: interfaces,
            backend: backend, strategy: strategy, state: state, shutdown: table.shutdown)
        loadedByRealPath[realPath] = plugin
        return .success(plugin)
    }

    /// Why an interface table is unusable, for `interfaceMissing`.
    struct InterfaceProblem: Error { var reason: String }

    /// Fetches an interface table and checks it is at least as large as the
    /// 1.0 version of `T` (every table starts with a uint32_t struct_size).
    private static func interface<T>(
        _ getInterface: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> UnsafeRawPointer?,
        _ state: UnsafeMutableRawPointer?, _ id: String, as type: T.Type
    ) -> Result<UnsafePointer<T>, InterfaceProblem> {
        guard let raw = id.withCString({ getInterface(state, $0) }) else {
            return .failure(InterfaceProblem(reason: "get_interface(\"\(id)\") returned NULL"))
        }
        let size = Int(raw.load(as: UInt32.self))
        guard size >= MemoryLayout<T>.size else {
            return .failure(InterfaceProblem(
                reason: "its table has struct_size \(size), ABI 1.0 needs at least \(MemoryLayout<T>.size)"))
        }
        return .success(raw.assumingMemoryBound(to: T.self))
    }

    /// Reverse-DNS: dot-separated labels of letters, digits, `-` and `_`.
    public static func isValidPluginID(_ id: String) -> Bool {
        let labels = id.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }
}
