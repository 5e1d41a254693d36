import PluginAPI

/// A plugin that loaded, initialised and passed every check.
///
/// Plugins are never unloaded (device runtimes make `dlclose` unsafe), so a
/// `LoadedPlugin` and the tables it points at stay valid for the process.
public final class LoadedPlugin: @unchecked Sendable {
    public let path: String
    public let id: String
    public let name: String
    public let version: String
    public let abiMajor: Int
    public let abiMinor: Int
    public let kinds: PluginKinds
    /// The interfaces the plugin answered for, by id.
    public let interfaces: [String]
    public let backend: BackendInterface?
    public let strategy: StrategyInterface?

    let state: UnsafeMutableRawPointer?
    private let shutdownFunction: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?

    init(path: String, id: String, name: String, version: String, abiMajor: Int, abiMinor: Int,
         kinds: PluginKinds, interfaces: [String], backend: BackendInterface?,
         strategy: StrategyInterface?, state: UnsafeMutableRawPointer?,
         shutdown: (@convention(c) (UnsafeMutableRawPointer?) -> Void)?) {
        self.path = path
        self.id = id
        self.name = name
        self.version = version
        self.abiMajor = abiMajor
        self.abiMinor = abiMinor
        self.kinds = kinds
        self.interfaces = interfaces
        self.backend = backend
        self.strategy = strategy
        self.state = state
        self.shutdownFunction = shutdown
    }

    /// Calls the plugin's `shutdown` once; later calls do nothing.
    func shutdown() {
        shutdownFunction?(state)
    }
}

/// The `AKG_KIND_*` bits of a plugin.
public struct PluginKinds: OptionSet, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let backend = PluginKinds(rawValue: UInt32(AKG_KIND_BACKEND))
    public static let strategy = PluginKinds(rawValue: UInt32(AKG_KIND_STRATEGY))

    public var names: [String] {
        var names: [String] = []
        if contains(.backend) { names.append("backend") }
        if contains(.strategy) { names.append("strategy") }
        let unknown = rawValue & ~(PluginKinds.backend.rawValue | PluginKinds.strategy.rawValue)
        if unknown != 0 { names.append("unknown(0x\(String(unknown, radix: 16)))") }
        return names
    }

    public var description: String { names.joined(separator: ", ") }
}

/// A failed plugin call: the status and everything the plugin said about it.
public struct PluginCallError: Error, CustomStringConvertible {
    public var plugin: String
    public var function: String
    public var status: Int32
    public var diagnostics: [PluginDiagnostic]

    public var description: String {
        var text = "plugin \(plugin): \(function) failed with \(statusName(status))"
        for diagnostic in diagnostics { text += "\n  \(diagnostic)" }
        return text
    }
}

/// What a successful plugin call produced.
public struct PluginCallResult {
    public var artifacts: [Artifact]
    public var diagnostics: [PluginDiagnostic]
}

/// Runs one plugin function with a fresh call context and turns its status
/// into a result or a `PluginCallError`.
func invoke(plugin: String, function: String,
            _ body: (OpaquePointer) -> Int32) throws -> PluginCallResult {
    let call = PluginCall()
    let status = call.perform(body)
    guard status == AKG_OK else {
        throw PluginCallError(plugin: plugin, function: function, status: status,
                              diagnostics: call.diagnostics)
    }
    return PluginCallResult(artifacts: call.artifacts, diagnostics: call.diagnostics)
}

/// A backend plugin's `akg.backend/1` table.
public struct BackendInterface: @unchecked Sendable {
    public let pluginID: String
    let table: UnsafePointer<akg_backend_v1>
    let state: UnsafeMutableRawPointer?

    /// The target model the backend reports (one capabilities artifact).
    public func capabilities() throws -> Artifact {
        let result = try invoke(plugin: pluginID, function: "capabilities") { call in
            guard let capabilities = table.pointee.capabilities else { return AKG_ERR_UNSUPPORTED }
            return capabilities(state, call)
        }
        guard let artifact = result.artifacts.first(where: {
            $0.mediaType == AKG_MEDIA_CAPABILITIES || $0.mediaType == AKG_MEDIA_JSON
        }) else {
            throw PluginCallError(
                plugin: pluginID, function: "capabilities", status: AKG_ERR_BAD_FORMAT,
                diagnostics: result.diagnostics + [PluginDiagnostic(
                    level: .error, code: "host.no-capabilities",
                    message: "capabilities() returned AKG_OK but emitted no \(AKG_MEDIA_CAPABILITIES) artifact")])
        }
        return artifact
    }

    /// Turns a program (`akg.ast+json/1` or `akg.kernel+json/1`) into sources.
    public func generate(format: String, program: [UInt8], options: String = "{}") throws -> PluginCallResult {
        try withStringView(format) { formatView in
            try withStringView(options) { optionsView in
                try program.withUnsafeBytes { bytes in
                    var request = akg_program(
                        struct_size: UInt32(MemoryLayout<akg_program>.size), format: formatView,
                        bytes: akg_bytes(data: bytes.baseAddress, size: bytes.count), options: optionsView)
                    return try invoke(plugin: pluginID, function: "generate") { call in
                        guard let generate = table.pointee.generate else { return AKG_ERR_UNSUPPORTED }
                        return generate(state, call, &request)
                    }
                }
            }
        }
    }

    /// Builds sources into loadable artifacts.
    public func build(sources: [Artifact], options: String = "{}") throws -> PluginCallResult {
        try withArtifactViews(sources) { views in
            try withStringView(options) { optionsView in
                try invoke(plugin: pluginID, function: "build") { call in
                    guard let build = table.pointee.build else { return AKG_ERR_UNSUPPORTED }
                    return build(state, call, views.baseAddress, views.count, optionsView)
                }
            }
        }
    }
}

/// A strategy plugin's `akg.strategy/1` table.
public struct StrategyInterface: @unchecked Sendable {
    public let pluginID: String
    let table: UnsafePointer<akg_strategy_v1>
    let state: UnsafeMutableRawPointer?

    /// Starts a search on `problem` (`akg.tuning-problem+json/1`, docs/tuning.md).
    public func open(problem: String) throws -> StrategySession {
        var session: UnsafeMutableRawPointer?
        let result = try withStringView(problem) { problemView in
            try invoke(plugin: pluginID, function: "open") { call in
                guard let open = table.pointee.open else { return AKG_ERR_UNSUPPORTED }
                return open(state, call, problemView, &session)
            }
        }
        return StrategySession(pluginID: pluginID, table: table, handle: session, openDiagnostics: result.diagnostics)
    }
}

/// One search a strategy runs (between `open` and `close`).
///
/// Thread contract: `[serial per session]`; the tuning loop calls it from one
/// thread at a time.
public final class StrategySession {
    public let pluginID: String
    /// What the strategy said while opening the session.
    public let openDiagnostics: [PluginDiagnostic]
    let table: UnsafePointer<akg_strategy_v1>
    let handle: UnsafeMutableRawPointer?
    private var closed = false

    init(pluginID: String, table: UnsafePointer<akg_strategy_v1>, handle: UnsafeMutableRawPointer?,
         openDiagnostics: [PluginDiagnostic]) {
        self.pluginID = pluginID
        self.table = table
        self.handle = handle
        self.openDiagnostics = openDiagnostics
    }

    /// Up to `max` candidates (artifacts named by candidate id); none means done.
    public func propose(max: Int) throws -> PluginCallResult {
        try invoke(plugin: pluginID, function: "propose") { call in
            guard let propose = table.pointee.propose else { return AKG_ERR_UNSUPPORTED }
            return propose(handle, call, UInt32(clamping: max))
        }
    }

    /// Tells the strategy what happened to one candidate (`akg.tuning-result+json/1`).
    @discardableResult
    public func observe(candidate: String, result: String) throws -> PluginCallResult {
        try withStringView(candidate) { candidateView in
            try withStringView(result) { resultView in
                try invoke(plugin: pluginID, function: "observe") { call in
                    guard let observe = table.pointee.observe else { return AKG_ERR_UNSUPPORTED }
                    return observe(handle, call, candidateView, resultView)
                }
            }
        }
    }

    /// Ends the search; later calls do nothing.
    public func close() {
        guard !closed else { return }
        closed = true
        table.pointee.close?(handle)
    }

    deinit { close() }
}

/// Calls `body` with a borrowed `akg_str` view of `string`.
func withStringView<R>(_ string: String, _ body: (akg_str) throws -> R) rethrows -> R {
    var copy = string
    return try copy.withUTF8 { utf8 in
        try utf8.withMemoryRebound(to: CChar.self) { chars in
            try body(akg_str(data: chars.baseAddress, size: chars.count))
        }
    }
}

/// Calls `body` with C views of `artifacts`, valid only inside `body`.
func withArtifactViews<R>(_ artifacts: [Artifact],
                          _ body: (UnsafeBufferPointer<akg_artifact>) throws -> R) rethrows -> R {
    // Pin every string and byte array in one contiguous storage so the views
    // stay valid for the whole call.
    let names = artifacts.map { Array($0.name.utf8) }
    let media = artifacts.map { Array($0.mediaType.utf8) }
    let datas = artifacts.map(\.data)
    var views: [akg_artifact] = []
    func pin(_ index: Int) throws -> R {
        if index == artifacts.count {
            return try views.withUnsafeBufferPointer(body)
        }
        return try names[index].withUnsafeBufferPointer { name in
            try media[index].withUnsafeBufferPointer { mediaType in
                try datas[index].withUnsafeBytes { data in
                    views.append(akg_artifact(
                        struct_size: UInt32(MemoryLayout<akg_artifact>.size),
                        name: akg_str(data: UnsafeRawPointer(name.baseAddress)?.assumingMemoryBound(to: CChar.self), size: name.count),
                        media_type: akg_str(data: UnsafeRawPointer(mediaType.baseAddress)?.assumingMemoryBound(to: CChar.self), size: mediaType.count),
                        data: akg_bytes(data: data.baseAddress, size: data.count)))
                    return try pin(index + 1)
                }
            }
        }
    }
    return try pin(0)
}

/// A kernel a backend loaded (inside the runner process only).
///
/// Thread contract: `[serial]`, as `run`/`unload` are per kernel.
public final class LoadedKernel {
    let pluginID: String
    let table: UnsafePointer<akg_backend_v1>
    let handle: UnsafeMutableRawPointer?
    private var unloaded = false

    init(pluginID: String, table: UnsafePointer<akg_backend_v1>, handle: UnsafeMutableRawPointer?) {
        self.pluginID = pluginID
        self.table = table
        self.handle = handle
    }

    /// Runs the kernel on `arguments`; returns the plugin's timing stats.
    public func run(_ arguments: [akg_arg], warmups: Int, repetitions: Int) throws -> akg_run_stats {
        var stats = akg_run_stats()
        stats.struct_size = UInt32(MemoryLayout<akg_run_stats>.size)
        try arguments.withUnsafeBufferPointer { args in
            var request = akg_run_request(
                struct_size: UInt32(MemoryLayout<akg_run_request>.size), args: args.baseAddress,
                arg_count: args.count, warmups: UInt32(warmups), repetitions: UInt32(max(1, repetitions)))
            _ = try invoke(plugin: pluginID, function: "run") { call in
                guard let run = table.pointee.run else { return AKG_ERR_UNSUPPORTED }
                return run(handle, call, &request, &stats)
            }
        }
        return stats
    }

    /// Releases the kernel; later calls do nothing.
    public func unload() {
        guard !unloaded else { return }
        unloaded = true
        table.pointee.unload?(handle)
    }

    deinit { unload() }
}

extension BackendInterface {
    /// Loads built artifacts for running; only the runner process calls this.
    public func load(artifacts: [Artifact], signature: String) throws -> LoadedKernel {
        var handle: UnsafeMutableRawPointer?
        try withArtifactViews(artifacts) { views in
            try withStringView(signature) { signatureView in
                var request = akg_load_request(
                    struct_size: UInt32(MemoryLayout<akg_load_request>.size), artifacts: views.baseAddress,
                    artifact_count: views.count, signature: signatureView)
                _ = try invoke(plugin: pluginID, function: "load") { call in
                    guard let load = table.pointee.load else { return AKG_ERR_UNSUPPORTED }
                    return load(state, call, &request, &handle)
                }
            }
        }
        return LoadedKernel(pluginID: pluginID, table: table, handle: handle)
    }
}
