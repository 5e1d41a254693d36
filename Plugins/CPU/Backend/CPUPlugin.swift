import Foundation
import PluginAPI
import PluginKit

/// Everything the CPU backend keeps between calls.
final class CPUBackendState {
    let host: HostConnection
    let pluginPath: String
    /// Probed once, on first use: probing runs the compilers.
    lazy var facts: MachineFacts = MachineFacts.probe()
    private let lock = NSLock()

    init(host: HostConnection, pluginPath: String) {
        self.host = host
        self.pluginPath = pluginPath
    }

    /// The facts, probed under a lock because `capabilities` is [thread-safe].
    var machine: MachineFacts { lock.withLock { facts } }

    static func from(_ state: UnsafeMutableRawPointer?) -> CPUBackendState? {
        state.map { Unmanaged<CPUBackendState>.fromOpaque($0).takeUnretainedValue() }
    }
}

@_cdecl("akg_cpu_initialize")
public func akgCPUInitialize(_ host: UnsafePointer<akg_host>?, _ path: UnsafePointer<CChar>?,
                             _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let host, let state else { return AKG_ERR_INVALID_ARGUMENT }
    let backend = CPUBackendState(host: HostConnection(host), pluginPath: path.map { String(cString: $0) } ?? "")
    state.pointee = Unmanaged.passRetained(backend).toOpaque()
    return AKG_OK
}

@_cdecl("akg_cpu_shutdown")
public func akgCPUShutdown(_ state: UnsafeMutableRawPointer?) {
    guard let state else { return }
    Unmanaged<CPUBackendState>.fromOpaque(state).release()
}

@_cdecl("akg_cpu_capabilities")
public func akgCPUCapabilities(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?) -> Int32 {
    guard let backend = CPUBackendState.from(state) else { return AKG_ERR_INVALID_ARGUMENT }
    do {
        let data = try JSONSerialization.data(withJSONObject: capabilitiesDocument(backend.machine),
                                              options: [.sortedKeys, .withoutEscapingSlashes])
        backend.host.emit(call, name: "capabilities.json", mediaType: AKG_MEDIA_CAPABILITIES, data: Array(data))
        return AKG_OK
    } catch {
        backend.host.diagnose(call, .error, code: "cpu.capabilities", "could not encode capabilities: \(error)")
        return AKG_ERR_FAILED
    }
}
