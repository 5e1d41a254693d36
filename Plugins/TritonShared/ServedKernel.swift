import Foundation
import PluginAPI
import PluginKit

/// A generated Triton module loaded in a long-lived Python child of the
/// runner process, which runs it through Triton's interpreter (no GPU) or a
/// real launch (`gpu` mode).
///
/// The child is started in `load`, before the runner limits its own address
/// space, so Python and Triton are not squeezed by the kernel's memory limit.
/// Tensors cross through a shared-memory file in /dev/shm that both sides
/// map: the plugin copies each DLPack tensor in, the child computes in place,
/// the plugin copies every tensor back (so a kernel that writes its inputs is
/// caught by the verifier, not hidden).
///
/// Thread contract: `run` is [serial], as `akg.backend/1` says.
final class ServedKernel {
    let mode: String
    /// Where `run` reports why it failed.
    var host: HostConnection?
    var diagnosticPrefix = "triton"
    private let process: Process
    private let requests: FileHandle
    private let replies: FileHandle
    private let errorPath: String
    private let directory: String
    private var pending = Data()
    private var arenaPath: String?
    private var arenaSize = 0

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    init(module: String, python: String, mode: String) throws {
        self.mode = mode
        directory = try makeScratchDirectory("akg-triton-run")
        let modulePath = (directory as NSString).appendingPathComponent("kernel.py")
        let serverPath = (directory as NSString).appendingPathComponent("server.py")
        try module.write(toFile: modulePath, atomically: true, encoding: .utf8)
        try PythonScripts.server.write(toFile: serverPath, atomically: true, encoding: .utf8)
        errorPath = (directory as NSString).appendingPathComponent("server.err")
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let input = Pipe(), output = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, serverPath, modulePath, mode]
        var environment = ProcessInfo.processInfo.environment
        environment["TRITON_DEFAULT_FP_FUSION"] = "0"
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        requests = input.fileHandleForWriting
        replies = output.fileHandleForReading
        do {
            try process.run()
        } catch {
            throw Failure(message: "cannot start \(python): \(error) (set AKG_PYTHON or run scripts/setup to create .venv)")
        }
        let ready = try readReply()
        guard ready["ok"] as? Bool == true else {
            throw Failure(message: (ready["error"] as? String) ?? "the Python server did not start")
        }
    }

    deinit {
        try? requests.close()
        if process.isRunning { process.terminate() }
        if let arenaPath { unlink(arenaPath) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the launcher on `args`; returns the timed repetitions' durations.
    func run(_ args: UnsafeBufferPointer<akg_arg>, warmups: Int, repetitions: Int) throws -> [UInt64] {
        var described: [[String: Any]] = []
        var placements: [(tensor: UnsafeMutablePointer<akg_dl_tensor>, offset: Int, bytes: Int)] = []
        var offset = 0
        for arg in args {
            switch arg.kind {
            case AKG_ARG_TENSOR:
                guard let tensor = arg.tensor else { throw Failure(message: "tensor argument \(string(from: arg.name)) is NULL") }
                let shape = (0..<Int(tensor.pointee.ndim)).map { Int(tensor.pointee.shape[$0]) }
                let elementBytes = Int(tensor.pointee.dtype.bits) / 8
                let bytes = shape.reduce(1, *) * elementBytes
                offset = (offset + 63) & ~63
                placements.append((tensor, offset, bytes))
                described.append(["kind": "tensor", "dtype": dtypeName(tensor.pointee.dtype), "shape": shape, "offset": offset])
                offset += bytes
            case AKG_ARG_INT:
                described.append(["kind": "int", "value": arg.int_value])
            default:
                described.append(["kind": "float", "value": arg.float_value])
            }
        }
        let size = offset
        let mapping = try arena(size: size)
        for placement in placements where placement.bytes > 0 {
            let source = UnsafeRawPointer(placement.tensor.pointee.data!) + Int(placement.tensor.pointee.byte_offset)
            memcpy(mapping! + placement.offset, source, placement.bytes)
        }
        let request: [String: Any] = ["path": arenaPath ?? "", "size": size, "args": described,
                                      "warmups": warmups, "repetitions": repetitions]
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(0x0A)
        try requests.write(contentsOf: line)
        let reply = try readReply()
        if reply["ok"] as? Bool == true {
            for placement in placements where placement.bytes > 0 {
                let target = UnsafeMutableRawPointer(placement.tensor.pointee.data!) + Int(placement.tensor.pointee.byte_offset)
                memcpy(target, mapping! + placement.offset, placement.bytes)
            }
        }
        if let mapping { munmap(mapping, size) }
        guard reply["ok"] as? Bool == true else {
            throw Failure(message: "the Triton kernel failed: \((reply["error"] as? String) ?? "no detail")")
        }
        return ((reply["times"] as? [Any]) ?? []).compactMap { ($0 as? NSNumber)?.uint64Value }
    }

    /// Maps a shared-memory file of at least `size` bytes (nil when 0).
    private func arena(size: Int) throws -> UnsafeMutableRawPointer? {
        guard size > 0 else { return nil }
        if arenaPath == nil { arenaPath = "/dev/shm/akg-triton-\(getpid())-\(UUID().uuidString.prefix(8))" }
        let fd = open(arenaPath!, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw Failure(message: "cannot create the shared tensor file \(arenaPath!)") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0,
              let pointer = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), pointer != MAP_FAILED else {
            throw Failure(message: "cannot map the shared tensor file \(arenaPath!)")
        }
        return pointer
    }

    private func readReply() throws -> [String: Any] {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    throw Failure(message: "the Python server answered something that is not JSON: \(String(decoding: line, as: UTF8.self).prefix(200))")
                }
                return object
            }
            let chunk = replies.availableData
            if chunk.isEmpty {
                let detail = ((try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "").suffix(1500)
                throw Failure(message: "the Python server exited: \(detail)")
            }
            pending.append(chunk)
        }
    }

    private func dtypeName(_ type: akg_dl_data_type) -> String {
        switch (Int32(type.code), type.bits) {
        case (Int32(AKG_DL_FLOAT), 32): return "f32"
        case (Int32(AKG_DL_FLOAT), 64): return "f64"
        case (Int32(AKG_DL_UINT), 32): return "u32"
        case (Int32(AKG_DL_UINT), 64): return "u64"
        case (_, 32): return "i32"
        default: return "i64"
        }
    }
}
