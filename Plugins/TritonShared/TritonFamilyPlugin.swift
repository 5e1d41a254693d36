import Foundation
import Formats
import PluginAPI
import PluginKit

/// Media types of the Triton-family artifacts.
public enum TritonMedia {
    public static let python = "text/x-python"
    public static let ptx = "text/x-ptx"
    public static let ttir = "text/x-mlir"
    /// How the kernel was mapped (`MappingLog`), for the host's report.
    public static let mapping = "application/vnd.akg.mapping+json"
}

/// Everything a Triton-family backend keeps between calls.
public final class TritonFamilyState {
    public let host: HostConnection
    public let pluginPath: String
    public let profile: TargetProfile

    public init(host: HostConnection, pluginPath: String, profile: TargetProfile) {
        self.host = host
        self.pluginPath = pluginPath
        self.profile = profile
    }

    var python: String { PythonLocator.python(pluginPath: pluginPath) }

    /// `gpu` when AKG_TRITON_DEVICE=gpu asks for real launches, else the interpreter.
    var runMode: String { ProcessInfo.processInfo.environment["AKG_TRITON_DEVICE"] == "gpu" ? "gpu" : "interpreter" }

    /// What the runner must allow for kernels to run (docs/ABI.md,
    /// `sandbox`): the kernel runs in a Python child, so the interpreter and
    /// its packages must be readable and executable, and tensors cross
    /// through /dev/shm. A real launch also needs the GPU's device nodes and
    /// Triton's compilation cache.
    var sandboxNeeds: [String: Any] {
        var read: [String] = []
        var execute = ["/usr/bin", "/bin", "/usr/local/bin"]
        let interpreter = python
        if interpreter.hasPrefix("/") {
            let url = URL(fileURLWithPath: interpreter)
            // A virtual environment's bin/python3 links to the system's; both
            // folders are needed, and the environment's packages.
            execute.append(url.deletingLastPathComponent().path)
            read.append(url.deletingLastPathComponent().deletingLastPathComponent().path)
            let real = url.resolvingSymlinksInPath()
            execute.append(real.deletingLastPathComponent().path)
            read.append(real.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib").path)
        }
        var write = ["/dev/shm"]
        if runMode == "gpu" { write += ["/dev", "~/.triton", "~/.nv", "~/.cache"] }
        return ["read": read, "write": write, "execute": execute, "subprocesses": true]
    }

    static func from(_ state: UnsafeMutableRawPointer?) -> TritonFamilyState? {
        state.map { Unmanaged<TritonFamilyState>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Creates the state a plugin's `initialize` hands to the host.
    public static func initialize(_ host: UnsafePointer<akg_host>?, _ path: UnsafePointer<CChar>?, profile: TargetProfile,
                                  _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
        guard let host, let state else { return AKG_ERR_INVALID_ARGUMENT }
        let backend = TritonFamilyState(host: HostConnection(host), pluginPath: path.map { String(cString: $0) } ?? "",
                                        profile: profile)
        state.pointee = Unmanaged.passRetained(backend).toOpaque()
        return AKG_OK
    }

    func fail(_ call: OpaquePointer?, _ code: String, _ message: String, _ status: Int32) -> Int32 {
        host.diagnose(call, .error, code: "\(profile.diagnosticPrefix).\(code)", message)
        return status
    }
}

@_cdecl("akg_tritonfamily_shutdown")
public func akgTritonFamilyShutdown(_ state: UnsafeMutableRawPointer?) {
    guard let state else { return }
    Unmanaged<TritonFamilyState>.fromOpaque(state).release()
}

@_cdecl("akg_tritonfamily_capabilities")
public func akgTritonFamilyCapabilities(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?) -> Int32 {
    guard let backend = TritonFamilyState.from(state) else { return AKG_ERR_INVALID_ARGUMENT }
    var document = backend.profile.capabilities
    let mode = backend.runMode
    document["runtime"] = [
        "mode": mode,
        "python": backend.python,
        "timing": mode == "gpu" ? "device" : "correctness-only",
        "note": mode == "gpu" ? "real launches on the GPU"
            : "kernels run in Triton's interpreter on the CPU: results are verified, times are not speed",
    ]
    document["sandbox"] = backend.sandboxNeeds
    do {
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        backend.host.emit(call, name: "capabilities.json", mediaType: AKG_MEDIA_CAPABILITIES, data: Array(data))
        return AKG_OK
    } catch {
        return backend.fail(call, "capabilities", "could not encode capabilities: \(error)", AKG_ERR_FAILED)
    }
}

@_cdecl("akg_tritonfamily_generate")
public func akgTritonFamilyGenerate(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                                    _ program: UnsafePointer<akg_program>?) -> Int32 {
    guard let backend = TritonFamilyState.from(state), let program else { return AKG_ERR_INVALID_ARGUMENT }
    let format = string(from: program.pointee.format)
    guard format == AKG_FORMAT_AST_JSON else {
        return backend.fail(call, "format", "the \(backend.profile.backend) backend generates from '\(AKG_FORMAT_AST_JSON)', not '\(format)'",
                            AKG_ERR_UNSUPPORTED)
    }
    let document: AstDocument
    do {
        document = try JSONDecoder().decode(AstDocument.self, from: Data(bytes(from: program.pointee.bytes)))
    } catch {
        return backend.fail(call, "bad-program", "cannot read the \(format) program: \(error)", AKG_ERR_BAD_FORMAT)
    }
    do {
        let knobs = try TritonKnobs(profile: backend.profile, options: string(from: program.pointee.options))
        let lowering = TritonLowering(document, knobs: knobs, mapping: backend.profile.mapping,
                                      forwardLanesOnly: backend.profile.forwardLanesOnly)
        let module = try lowering.module()
        backend.host.emit(call, name: "kernel.py", mediaType: TritonMedia.python, text: module)
        let summary = backend.profile.capabilities["mapping"] as? String ?? ""
        backend.host.emit(call, name: "mapping.json", mediaType: TritonMedia.mapping,
                          data: Array(try lowering.log.json(backend: backend.profile.backend, summary: summary)))
        return AKG_OK
    } catch let error as KnobError {
        return backend.fail(call, "knobs", error.message, AKG_ERR_INVALID_ARGUMENT)
    } catch {
        return backend.fail(call, "generate", "\(error)", AKG_ERR_BAD_FORMAT)
    }
}

@_cdecl("akg_tritonfamily_build")
public func akgTritonFamilyBuild(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                                 _ sources: UnsafePointer<akg_artifact>?, _ count: Int, _ options: akg_str) -> Int32 {
    guard let backend = TritonFamilyState.from(state) else { return AKG_ERR_INVALID_ARGUMENT }
    let inputs = (0..<count).compactMap { index -> (name: String, data: [UInt8])? in
        guard let source = sources?[index] else { return nil }
        return (string(from: source.name), bytes(from: source.data))
    }
    guard let module = inputs.first(where: { $0.name.hasSuffix(".py") }) else {
        return backend.fail(call, "no-module", "build needs the generated Python module (a .py source)", AKG_ERR_INVALID_ARGUMENT)
    }
    do {
        let directory = try makeScratchDirectory("akg-\(backend.profile.backend)-build")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let modulePath = (directory as NSString).appendingPathComponent("kernel.py")
        try Data(module.data).write(to: URL(fileURLWithPath: modulePath))
        let output = (directory as NSString).appendingPathComponent("out")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        // Without an AOT architecture (Ascend here) the CUDA front end still
        // yields the TTIR, which checks that Triton accepts the code.
        // The TTIR comes before any pass that depends on the warp count, so
        // that stand-in compile uses 4 warps: the CUDA back end's code for a
        // 128 x 128 tl.dot tile in one warp (Ascend's NUM_WARPS) takes minutes.
        let architectures = backend.profile.aotArchitectures.isEmpty ? [90] : backend.profile.aotArchitectures
        let warps = backend.profile.aotArchitectures.isEmpty ? ["--warps=4"] : []
        let result = try PythonProcess.run(python: backend.python, script: PythonScripts.build,
                                           arguments: [modulePath, output] + architectures.map(String.init) + warps, in: directory)
        guard result.status == 0 else {
            let detail: String
            if let start = result.standardError.range(of: "Triton rejected") {
                detail = String(result.standardError[start.lowerBound...].prefix(1500)).trimmingCharacters(in: .whitespacesAndNewlines)
            } else {
                detail = String(result.standardError.suffix(1500))
            }
            return backend.fail(call, "triton-rejected", detail.isEmpty ? "the Triton build exited with status \(result.status)" : detail,
                                AKG_ERR_TOOLCHAIN)
        }
        backend.host.emit(call, name: "kernel.py", mediaType: TritonMedia.python, data: module.data)
        for name in try FileManager.default.contentsOfDirectory(atPath: output).sorted() {
            let keep = name.hasSuffix(".ttir") || (!backend.profile.aotArchitectures.isEmpty && name.hasSuffix(".ptx"))
            guard keep, let data = FileManager.default.contents(atPath: (output as NSString).appendingPathComponent(name)) else { continue }
            backend.host.emit(call, name: name, mediaType: name.hasSuffix(".ptx") ? TritonMedia.ptx : TritonMedia.ttir,
                              data: Array(data))
        }
        return AKG_OK
    } catch {
        return backend.fail(call, "build", "\(error)", AKG_ERR_FAILED)
    }
}

@_cdecl("akg_tritonfamily_load")
public func akgTritonFamilyLoad(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                                _ request: UnsafePointer<akg_load_request>?,
                                _ kernel: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let backend = TritonFamilyState.from(state), let request, let kernel else { return AKG_ERR_INVALID_ARGUMENT }
    let module = (0..<request.pointee.artifact_count).compactMap { index -> [UInt8]? in
        guard let artifact = request.pointee.artifacts?[index],
              string(from: artifact.media_type) == TritonMedia.python else { return nil }
        return bytes(from: artifact.data)
    }.first
    guard let module else {
        return backend.fail(call, "load.no-module", "no \(TritonMedia.python) artifact to load", AKG_ERR_INVALID_ARGUMENT)
    }
    do {
        let served = try ServedKernel(module: String(decoding: module, as: UTF8.self), python: backend.python, mode: backend.runMode)
        served.host = backend.host
        served.diagnosticPrefix = backend.profile.diagnosticPrefix
        kernel.pointee = Unmanaged.passRetained(served).toOpaque()
        return AKG_OK
    } catch {
        return backend.fail(call, "load", "\(error)", AKG_ERR_RUNTIME)
    }
}

@_cdecl("akg_tritonfamily_run")
public func akgTritonFamilyRun(_ kernel: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                               _ request: UnsafePointer<akg_run_request>?,
                               _ stats: UnsafeMutablePointer<akg_run_stats>?) -> Int32 {
    guard let kernel, let request else { return AKG_ERR_INVALID_ARGUMENT }
    let served = Unmanaged<ServedKernel>.fromOpaque(kernel).takeUnretainedValue()
    let args = UnsafeBufferPointer(start: request.pointee.args, count: request.pointee.arg_count)
    do {
        let times = try served.run(args, warmups: Int(request.pointee.warmups),
                                   repetitions: Int(max(1, request.pointee.repetitions))).sorted()
        if let stats, !times.isEmpty {
            let size = stats.pointee.struct_size
            if structHasField(size, \akg_run_stats.repetitions) { stats.pointee.repetitions = UInt32(times.count) }
            if structHasField(size, \akg_run_stats.median_ns) {
                stats.pointee.min_ns = times[0]
                stats.pointee.median_ns = times[times.count / 2]
            }
        }
        return AKG_OK
    } catch {
        served.host?.diagnose(call, .error, code: "\(served.diagnosticPrefix).run", "\(error)")
        return AKG_ERR_RUNTIME
    }
}

@_cdecl("akg_tritonfamily_unload")
public func akgTritonFamilyUnload(_ kernel: UnsafeMutableRawPointer?) {
    guard let kernel else { return }
    Unmanaged<ServedKernel>.fromOpaque(kernel).release()
}
