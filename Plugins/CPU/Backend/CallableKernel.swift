import CFFI
import CPUBackendEntry
import Foundation
import Formats
import PluginAPI
import PluginKit

/// A built kernel, opened in the runner and callable with its real C
/// signature through libffi.
///
/// The call interface is prepared once at load; each run only fills the
/// argument slots. Thread contract: `[serial]`.
final class CallableKernel {
    struct LoadError: Error, CustomStringConvertible { var description: String }

    private let signature: KernelSignature
    private let function: UnsafeMutableRawPointer
    private var cif = ffi_cif()
    private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>
    var host: HostConnection?

    init(library: [UInt8], signature: KernelSignature) throws {
        self.signature = signature
        // dlopen needs a file; it is removed right after opening.
        let libraryPath = NSTemporaryDirectory() + "akg-kernel-\(getpid())-\(UUID().uuidString.prefix(8)).so"
        guard FileManager.default.createFile(atPath: libraryPath, contents: Data(library)) else {
            throw LoadError(description: "cannot write the kernel library to \(libraryPath)")
        }
        defer { unlink(libraryPath) }
        guard let handle = dlopen(libraryPath, RTLD_NOW | RTLD_LOCAL) else {
            throw LoadError(description: "dlopen failed: \(dlerror().map { String(cString: $0) } ?? "unknown error")")
        }
        guard let symbol = dlsym(handle, signature.symbol) else {
            throw LoadError(description: "the kernel library does not export '\(signature.symbol)'")
        }
        function = symbol
        argumentTypes = .allocate(capacity: max(1, signature.parameters.count))
        for (index, parameter) in signature.parameters.enumerated() {
            argumentTypes[index] = akg_cpu_ffi_type(Self.ffiKind(parameter))
        }
        let status = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, UInt32(signature.parameters.count),
                                  akg_cpu_ffi_type(AKG_CPU_FFI_VOID), argumentTypes)
        guard status == FFI_OK else {
            throw LoadError(description: "libffi could not prepare a call with \(signature.parameters.count) parameters")
        }
    }

    deinit { argumentTypes.deallocate() }

    private static func ffiKind(_ parameter: KernelParameter) -> Int32 {
        if parameter.shape != nil { return AKG_CPU_FFI_POINTER }
        switch parameter.type {
        case .int: return AKG_CPU_FFI_SINT32
        case .long: return AKG_CPU_FFI_SINT64
        case .unsignedInt: return AKG_CPU_FFI_UINT32
        case .unsignedLong: return AKG_CPU_FFI_UINT64
        case .float: return AKG_CPU_FFI_FLOAT
        case .double: return AKG_CPU_FFI_DOUBLE
        }
    }

    struct ArgumentError: Error, CustomStringConvertible { var description: String }

    /// Calls the kernel `warmups` times untimed, then `repetitions` times
    /// timed; returns each timed call's nanoseconds.
    func run(_ args: UnsafeBufferPointer<akg_arg>, warmups: Int, repetitions: Int) throws -> [UInt64] {
        let parameters = signature.parameters
        guard args.count == parameters.count else {
            throw ArgumentError(description: "the kernel takes \(parameters.count) arguments, the runner passed \(args.count)")
        }
        // One 8-byte slot per argument holds its value; libffi reads each
        // slot as the parameter's own type.
        let slots = UnsafeMutableRawPointer.allocate(byteCount: 8 * max(1, parameters.count), alignment: 8)
        defer { slots.deallocate() }
        let values = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: max(1, parameters.count))
        defer { values.deallocate() }
        for (index, parameter) in parameters.enumerated() {
            let slot = slots + 8 * index
            let arg = args[index]
            if parameter.shape != nil {
                guard arg.kind == AKG_ARG_TENSOR, let tensor = arg.tensor else {
                    throw ArgumentError(description: "argument \(index) ('\(parameter.name)') must be a tensor")
                }
                let data = tensor.pointee.data.map { $0 + Int(tensor.pointee.byte_offset) }
                slot.storeBytes(of: data, as: UnsafeMutableRawPointer?.self)
            } else {
                switch parameter.type {
                case .int: slot.storeBytes(of: Int32(truncatingIfNeeded: arg.int_value), as: Int32.self)
                case .unsignedInt: slot.storeBytes(of: UInt32(truncatingIfNeeded: arg.int_value), as: UInt32.self)
                case .long: slot.storeBytes(of: arg.int_value, as: Int64.self)
                case .unsignedLong: slot.storeBytes(of: UInt64(bitPattern: arg.int_value), as: UInt64.self)
                case .float:
                    slot.storeBytes(of: Float(arg.kind == AKG_ARG_FLOAT ? arg.float_value : Double(arg.int_value)), as: Float.self)
                case .double:
                    slot.storeBytes(of: arg.kind == AKG_ARG_FLOAT ? arg.float_value : Double(arg.int_value), as: Double.self)
                }
            }
            values[index] = slot
        }
        let entry = unsafeBitCast(function, to: (@convention(c) () -> Void).self)
        for _ in 0..<warmups { ffi_call(&cif, entry, nil, values) }
        var times: [UInt64] = []
        for _ in 0..<repetitions {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            ffi_call(&cif, entry, nil, values)
            clock_gettime(CLOCK_MONOTONIC, &end)
            let nanoseconds = (Int64(end.tv_sec) - Int64(start.tv_sec)) * 1_000_000_000
                + (Int64(end.tv_nsec) - Int64(start.tv_nsec))
            times.append(UInt64(max(0, nanoseconds)))
        }
        return times
    }

    func report(_ call: OpaquePointer?, _ error: Error) {
        host?.diagnose(call, .error, code: "cpu.run", "\(error)")
    }
}
