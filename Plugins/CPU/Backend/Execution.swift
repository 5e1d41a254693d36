import Foundation
import PluginAPI
import PluginKit

@_cdecl("akg_cpu_generate")
public func akgCPUGenerate(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                           _ program: UnsafePointer<akg_program>?) -> Int32 {
    guard let backend = CPUBackendState.from(state) else { return AKG_ERR_INVALID_ARGUMENT }
    backend.host.diagnose(call, .error, code: "cpu.generate.unavailable",
                          "the CPU backend does not generate code from a Loop AST yet")
    return AKG_ERR_UNSUPPORTED
}

@_cdecl("akg_cpu_build")
public func akgCPUBuild(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                        _ sources: UnsafePointer<akg_artifact>?, _ count: Int, _ options: akg_str) -> Int32 {
    guard let backend = CPUBackendState.from(state) else { return AKG_ERR_INVALID_ARGUMENT }
    backend.host.diagnose(call, .error, code: "cpu.build.unavailable",
                          "the CPU backend does not build kernels yet")
    return AKG_ERR_UNSUPPORTED
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
