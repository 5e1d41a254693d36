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
    do {
        let generator = CGenerator(document)
        let function = "#include <math.h>\n\n" + (try generator.function())
        backend.host.emit(call, name: "kernel.c", mediaType: AKG_MEDIA_C_SOURCE, text: function)
        // The bare loop nest, for splicing into the user's file in place of
        // the #pragma scop region (akg-host opt).
        backend.host.emit(call, name: "region.c", mediaType: AKG_MEDIA_C_SOURCE,
                          text: try generator.region(indent: ""))
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
    guard let backend = CPUBackendState.from(state) else { return AKG_ERR_INVALID_ARGUMENT }
    backend.host.diagnose(call, .error, code: "cpu.load.unavailable",
                          "the CPU backend does not load kernels yet")
    return AKG_ERR_UNSUPPORTED
}

@_cdecl("akg_cpu_run")
public func akgCPURun(_ kernel: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                      _ request: UnsafePointer<akg_run_request>?,
                      _ stats: UnsafeMutablePointer<akg_run_stats>?) -> Int32 {
    AKG_ERR_UNSUPPORTED
}

@_cdecl("akg_cpu_unload")
public func akgCPUUnload(_ kernel: UnsafeMutableRawPointer?) {}
