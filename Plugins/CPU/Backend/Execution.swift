import Foundation
import PluginAPI
import Formats
import PluginKit

@_cdecl("akg_cpu_generate")
public func akgCPUGenerate(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                           _ program: UnsafePointer<akg_program>?) -> Int32 {
    guard let backend = CPUBackendState.from(state), let program else { return AKG_ERR_INVALID_ARGUMENT }
    let format = string(from: program.pointee.format)
    guard format == AKG_FORMAT_AST_JSON else {
        backend.host.diagnose(call, .error, code: "cpu.format",
                              "the CPU backend generates from '\(AKG_FORMAT_AST_JSON)', not '\(format)'")
        return AKG_ERR_UNSUPPORTED
    }
    let document: AstDocument
    do {
        document = try JSONDecoder().decode(AstDocument.self, from: Data(bytes(from: program.pointee.bytes)))
    } catch {
        backend.host.diagnose(call, .error, code: "cpu.bad-program", "cannot read the \(format) program: \(error)")
        return AKG_ERR_BAD_FORMAT
    }
    let knobs: CodeKnobs
    do {
        knobs = try CodeKnobs(options: string(from: program.pointee.options))
    } catch {
        backend.host.diagnose(call, .error, code: "cpu.knobs", "\(error)")
        return AKG_ERR_INVALID_ARGUMENT
    }
    do {
        let facts = backend.machine
        let dataCache = { (level: Int) in
            facts.caches.first { $0.level == level && $0.type != "Instruction" }?.sizeBytes
        }
        let machine = (vectorBits: facts.vectorBits, l1: dataCache(1) ?? 32 << 10, l2: dataCache(2) ?? 512 << 10)
        let generator = CGenerator(document, knobs: knobs, machine: machine)
        let function = generator.prelude + "\n" + (try generator.function())
        backend.host.emit(call, name: "kernel.c", mediaType: AKG_MEDIA_C_SOURCE, text: function)
        // The bare loop nest, for splicing into the user's file in place of
        // the #pragma scop region (akg-host opt). It cannot add includes or
        // definitions to that file, so it uses no helper (vector types,
        // inline math) defined before the function; the micro-kernel needs
        // none (its panels come from the compiler's built-in malloc).
        var plainKnobs = knobs
        plainKnobs.explicitSIMD = false
        backend.host.emit(call, name: "region.c", mediaType: AKG_MEDIA_C_SOURCE,
                          text: try CGenerator(document, knobs: plainKnobs, machine: machine, useHelpers: false)
                            .region(indent: ""))
        return AKG_OK
    } catch {
        backend.host.diagnose(call, .error, code: "cpu.generate", "\(error)")
        return AKG_ERR_BAD_FORMAT
    }
}

@_cdecl("akg_cpu_build")
public func akgCPUBuild(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                        _ sources: UnsafePointer<akg_artifact>?, _ count: Int, _ options: akg_str) -> Int32 {
    guard let backend = CPUBackendState.from(state) else { return AKG_ERR_INVALID_ARGUMENT }
    let inputs = (0..<count).compactMap { index -> (name: String, data: [UInt8])? in
        guard let source = sources?[index] else { return nil }
        return (string(from: source.name), bytes(from: source.data))
    }
    do {
        let library = try compileSharedLibrary(inputs.filter { $0.name.hasSuffix(".c") && $0.name != "region.c" },
                                               options: string(from: options))
        backend.host.emit(call, name: "kernel.so", mediaType: AKG_MEDIA_SHARED_LIB, data: library)
        return AKG_OK
    } catch let failure as BuildFailure {
        backend.host.diagnose(call, .error, code: "cpu.cc-failed", failure.message)
        return AKG_ERR_TOOLCHAIN
    } catch {
        backend.host.diagnose(call, .error, code: "cpu.build", "\(error)")
        return AKG_ERR_FAILED
    }
}

@_cdecl("akg_cpu_load")
public func akgCPULoad(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                       _ request: UnsafePointer<akg_load_request>?,
                       _ kernel: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let backend = CPUBackendState.from(state), let request, let kernel else { return AKG_ERR_INVALID_ARGUMENT }
    let artifacts = (0..<request.pointee.artifact_count).compactMap { index -> (String, [UInt8])? in
        guard let artifact = request.pointee.artifacts?[index] else { return nil }
        return (string(from: artifact.media_type), bytes(from: artifact.data))
    }
    guard let library = artifacts.first(where: { $0.0 == AKG_MEDIA_SHARED_LIB })?.1 else {
        backend.host.diagnose(call, .error, code: "cpu.load.no-library", "no \(AKG_MEDIA_SHARED_LIB) artifact to load")
        return AKG_ERR_INVALID_ARGUMENT
    }
    do {
        let signature = try JSONDecoder().decode(KernelSignature.self,
                                                 from: Data(string(from: request.pointee.signature).utf8))
        let loaded = try CallableKernel(library: library, signature: signature)
        loaded.host = backend.host
        kernel.pointee = Unmanaged.passRetained(loaded).toOpaque()
        return AKG_OK
    } catch {
        backend.host.diagnose(call, .error, code: "cpu.load", "\(error)")
        return AKG_ERR_RUNTIME
    }
}

@_cdecl("akg_cpu_run")
public func akgCPURun(_ kernel: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                      _ request: UnsafePointer<akg_run_request>?,
                      _ stats: UnsafeMutablePointer<akg_run_stats>?) -> Int32 {
    guard let kernel, let request else { return AKG_ERR_INVALID_ARGUMENT }
    let callable = Unmanaged<CallableKernel>.fromOpaque(kernel).takeUnretainedValue()
    let args = UnsafeBufferPointer(start: request.pointee.args, count: request.pointee.arg_count)
    do {
        let times = try callable.run(args, warmups: Int(request.pointee.warmups),
                                     repetitions: Int(max(1, request.pointee.repetitions)))
        if let stats {
            let sorted = times.sorted()
            let size = stats.pointee.struct_size
            if structHasField(size, \akg_run_stats.repetitions) { stats.pointee.repetitions = UInt32(sorted.count) }
            if structHasField(size, \akg_run_stats.median_ns) {
                stats.pointee.min_ns = sorted.first ?? 0
                stats.pointee.median_ns = sorted[sorted.count / 2]
            }
        }
        return AKG_OK
    } catch {
        callable.report(call, error)
        return AKG_ERR_INVALID_ARGUMENT
    }
}

@_cdecl("akg_cpu_unload")
public func akgCPUUnload(_ kernel: UnsafeMutableRawPointer?) {
    guard let kernel else { return }
    Unmanaged<CallableKernel>.fromOpaque(kernel).release()
}
