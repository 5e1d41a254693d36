// akg-runner: the only process that executes generated code.
//
// Usage: akg-runner JOB.json   (written by the host; see RunnerJob)
//
// It limits itself before touching untrusted code (no core dumps, an
// address-space limit, optionally no network), maps the shared tensor arena
// with guard pages made inaccessible, loads each kernel through its backend
// plugin and performs the requested runs, writing its result after every
// run so a later crash loses nothing already measured. The host runs it in
// its own process group with a wall-clock limit and kills the group on
// timeout.
import AKGHost
import Foundation
import PluginAPI
import SystemShims

func fail(_ result: inout RunnerResult, _ stage: String, _ message: String, to path: String) -> Never {
    result.status = stage
    result.message = message
    write(result, to: path)
    exit(3)
}

/// The result file, opened before confinement: afterwards the runner may
/// write nowhere but its scratch folder.
var resultFD: Int32 = -1

func write(_ result: RunnerResult, to path: String) {
    guard let data = try? JSONEncoder().encode(result) else { return }
    if resultFD < 0 { resultFD = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
    guard resultFD >= 0 else { return }
    // The host reads the file only after the runner has exited, so
    // truncate-and-rewrite in place is enough.
    ftruncate(resultFD, 0)
    data.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = pwrite(resultFD, bytes.baseAddress! + offset, bytes.count - offset, off_t(offset))
            if written <= 0 { break }
            offset += written
        }
    }
}

guard CommandLine.arguments.count == 2,
      let jobData = FileManager.default.contents(atPath: CommandLine.arguments[1]),
      let job = try? JSONDecoder().decode(RunnerJob.self, from: jobData) else {
    FileHandle.standardError.write(Data("usage: akg-runner JOB.json (a job file written by akg-host)\n".utf8))
    exit(2)
}

var result = RunnerResult(status: "setup", message: nil, timings: [], diagnostics: [], networkIsolated: false)
write(result, to: job.resultPath)

// Limits first: nothing untrusted has run yet.
var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
if job.isolateNetwork {
    result.networkIsolated = akg_isolate_network() == 0
}

// The arena, shared with the host; guard pages become inaccessible here.
let fd = open(job.arenaPath, O_RDWR)
guard fd >= 0 else { fail(&result, "setup", "cannot open the tensor arena \(job.arenaPath)", to: job.resultPath) }
guard let arena = mmap(nil, job.arenaSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), arena != MAP_FAILED else {
    fail(&result, "setup", "cannot map the tensor arena", to: job.resultPath)
}
close(fd)
let initialContents = UnsafeMutableRawPointer.allocate(byteCount: job.arenaSize, alignment: 64)
memcpy(initialContents, arena, job.arenaSize)
for range in job.guardRanges where range.count == 2 {
    mprotect(arena + range[0], range[1], PROT_NONE)
}
// A fault in a guard page is an out-of-bounds access; say which one before dying.
let faultFD = open(job.faultPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
let guardStarts = job.guardRanges.map { UInt(bitPattern: arena + $0[0]) }
let guardEnds = job.guardRanges.map { UInt(bitPattern: arena + $0[0] + $0[1]) }
akg_install_fault_reporter(faultFD, guardStarts, guardEnds, guardStarts.count)

// Arguments: DLPack-layout tensor views into the arena, or scalars.
func dtype(_ name: String) -> akg_dl_data_type {
    switch name {
    case "f32": return akg_dl_data_type(code: UInt8(AKG_DL_FLOAT), bits: 32, lanes: 1)
    case "f64": return akg_dl_data_type(code: UInt8(AKG_DL_FLOAT), bits: 64, lanes: 1)
    case "i32": return akg_dl_data_type(code: UInt8(AKG_DL_INT), bits: 32, lanes: 1)
    case "u32": return akg_dl_data_type(code: UInt8(AKG_DL_UINT), bits: 32, lanes: 1)
    case "u64": return akg_dl_data_type(code: UInt8(AKG_DL_UINT), bits: 64, lanes: 1)
    default: return akg_dl_data_type(code: UInt8(AKG_DL_INT), bits: 64, lanes: 1)
    }
}
var names: [[CChar]] = job.arguments.map { Array($0.name.utf8CString) }
var shapes: [UnsafeMutablePointer<Int64>] = []
var tensors: [UnsafeMutablePointer<akg_dl_tensor>] = []
var arguments: [akg_arg] = []
for (index, argument) in job.arguments.enumerated() {
    var arg = akg_arg()
    arg.struct_size = UInt32(MemoryLayout<akg_arg>.size)
    arg.dtype = dtype(argument.dtype)
    names[index].withUnsafeBufferPointer { name in
        arg.name = akg_str(data: name.baseAddress, size: name.count - 1)
    }
    switch argument.kind {
    case .int:
        arg.kind = AKG_ARG_INT
        arg.int_value = argument.intValue ?? 0
    case .float:
        arg.kind = AKG_ARG_FLOAT
        arg.float_value = argument.floatValue ?? 0
    case .tensor:
        let shape = argument.shape ?? []
        let shapeStorage = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, shape.count))
        for (i, extent) in shape.enumerated() { shapeStorage[i] = extent }
        shapes.append(shapeStorage)
        let tensor = UnsafeMutablePointer<akg_dl_tensor>.allocate(capacity: 1)
        tensor.initialize(to: akg_dl_tensor(
            data: arena + (argument.offset ?? 0), device: akg_dl_device(device_type: AKG_DL_CPU, device_id: 0),
            ndim: Int32(shape.count), dtype: arg.dtype, shape: shapeStorage, strides: nil, byte_offset: 0))
        tensors.append(tensor)
        arg.kind = AKG_ARG_TENSOR
        arg.tensor = tensor
    }
    arguments.append(arg)
}

// Backend plugins first: they are trusted code, loaded before confinement.
result.status = "load-plugin"
var backends: [BackendInterface] = []
for kernel in job.kernels {
    let plugins = PluginLoader.load(PluginSearchPath(explicit: [kernel.plugin]))
    guard let backend = plugins.plugins.first?.backend else {
        fail(&result, "load-plugin", plugins.failures.map(\.description).joined(separator: "; "), to: job.resultPath)
    }
    backends.append(backend)
}

// Confinement, as the host decided it, before any generated code is
// loaded: a kernel library's constructors run inside dlopen.
var containment = ContainmentReport(network: result.networkIsolated, filesystem: false, processes: false, notes: [])
if !job.isolateNetwork { containment.notes.append("network isolation not requested") }
if let confinement = job.confinement {
    containment.notes += confinement.notes
    var why = [CChar](repeating: 0, count: 512)
    // /proc/self is a link; the rule must name this process's own folder.
    let readable = (confinement.readable + ["/proc/\(getpid())"]).map { UnsafePointer(strdup($0)) }
    let writable = confinement.writable.map { UnsafePointer(strdup($0)) }
    let executable = confinement.executable.map { UnsafePointer(strdup($0)) }
    let abi = akg_confine_filesystem(readable, readable.count, writable, writable.count,
                                     executable, executable.count, &why, why.count)
    (readable + writable + executable).forEach { free(UnsafeMutablePointer(mutating: $0)) }
    if abi > 0 {
        containment.filesystem = true
    } else {
        containment.notes.append("filesystem not confined: \(String(cString: why))")
    }
    if akg_confine_processes(confinement.subprocesses ? 1 : 0, &why, why.count) == 0 {
        containment.processes = !confinement.subprocesses
        if confinement.subprocesses {
            containment.notes.append("processes allowed: the backend runs kernels in a child process")
        }
    } else {
        containment.notes.append("processes not confined: \(String(cString: why))")
    }
} else {
    containment.notes.append("confinement turned off (AKG_RUNNER_CONFINE=0)")
}
result.containment = containment
write(result, to: job.resultPath)

// Kernels, through their backend plugins.
result.status = "load"
var kernels: [LoadedKernel] = []
for (kernel, backend) in zip(job.kernels, backends) {
    var artifacts: [Artifact] = []
    for file in kernel.artifacts {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            fail(&result, "load", "artifact \(file.path) is missing", to: job.resultPath)
        }
        artifacts.append(Artifact(name: file.name, mediaType: file.mediaType, data: Array(data)))
    }
    do {
        kernels.append(try backend.load(artifacts: artifacts, signature: kernel.signature))
    } catch {
        fail(&result, "load", "\(error)", to: job.resultPath)
    }
}

// Only now does untrusted code run; limit the address space first.
var memory = rlimit(rlim_cur: rlim_t(job.memoryLimitBytes), rlim_max: rlim_t(job.memoryLimitBytes))
setrlimit(Int32(RLIMIT_AS.rawValue), &memory)

result.status = "run"
write(result, to: job.resultPath)
for run in job.runs {
    if run.restoreInputs {
        // Everything but the guard pages, which are not accessible.
        var start = 0
        for range in job.guardRanges where range.count == 2 {
            if range[0] > start { memcpy(arena + start, initialContents + start, range[0] - start) }
            start = range[0] + range[1]
        }
    }
    do {
        let stats = try kernels[run.kernel].run(arguments, warmups: run.warmups, repetitions: run.repetitions)
        result.timings.append(.init(kernel: run.kernel, repetitions: Int(stats.repetitions),
                                    minNanoseconds: stats.min_ns, medianNanoseconds: stats.median_ns))
    } catch {
        fail(&result, "run", "\(error)", to: job.resultPath)
    }
    write(result, to: job.resultPath)
}
result.status = "ok"
write(result, to: job.resultPath)
// Leave without running kernel-side destructors or unloading device runtimes.
_exit(0)
