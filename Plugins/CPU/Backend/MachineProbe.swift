import Foundation

/// Facts about the machine the CPU backend generates code for.
///
/// Everything is read from the running system (`/proc`, `/sys`, `PATH`), not
/// assumed: the scheduler picks tile sizes from these caches and the code
/// generator picks vector widths from these ISA flags.
struct MachineFacts {
    struct Cache {
        var level: Int
        var type: String        // Data, Instruction, Unified
        var sizeBytes: Int
        var lineBytes: Int
        var sharedByCPUs: Int
    }

    struct Compiler {
        var name: String
        var path: String
        var version: String
    }

    var architecture: String
    var model: String
    var logicalCores: Int
    var physicalCores: Int
    var memoryBytes: Int
    var caches: [Cache]
    var isaExtensions: [String]
    var vectorBits: Int
    var compilers: [Compiler]

    /// Reads the facts of this machine. Each probe falls back to a
    /// conservative value when the file is missing (containers hide some).
    static func probe() -> MachineFacts {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(firstValue(in: cpuinfo, key: "flags").split(separator: " ").map(String.init)
            + firstValue(in: cpuinfo, key: "Features").split(separator: " ").map(String.init))
        let interesting = ["sse2", "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw",
                           "avx512vl", "avx512_bf16", "avx512_fp16", "amx_tile", "asimd", "sve", "sve2"]
        let isa = interesting.filter(flags.contains)
        let vectorBits: Int
        if flags.contains("avx512f") { vectorBits = 512 }
        else if flags.contains("avx") || flags.contains("avx2") { vectorBits = 256 }
        else if flags.contains("sse2") || flags.contains("asimd") { vectorBits = 128 }
        else { vectorBits = 64 }

        var uname = utsname()
        _ = uname_machine(&uname)
        let architecture = withUnsafeBytes(of: uname.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }

        return MachineFacts(
            architecture: architecture,
            model: firstValue(in: cpuinfo, key: "model name"),
            logicalCores: ProcessInfo.processInfo.activeProcessorCount,
            physicalCores: physicalCoreCount(cpuinfo: cpuinfo),
            memoryBytes: Int(ProcessInfo.processInfo.physicalMemory),
            caches: readCaches(),
            isaExtensions: isa,
            vectorBits: vectorBits,
            compilers: findCompilers())
    }

    private static func firstValue(in cpuinfo: String, key: String) -> String {
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return ""
    }

    /// Distinct (physical id, core id) pairs; falls back to logical cores.
    private static func physicalCoreCount(cpuinfo: String) -> Int {
        var cores = Set<String>()
        var physical = "0"
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "physical id" { physical = parts[1] }
            if parts[0] == "core id" { cores.insert("\(physical)/\(parts[1])") }
        }
        return cores.isEmpty ? ProcessInfo.processInfo.activeProcessorCount : cores.count
    }

    private static func readCaches() -> [Cache] {
        let base = "/sys/devices/system/cpu/cpu0/cache"
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .filter { $0.hasPrefix("index") }.sorted()
        return entries.compactMap { entry in
            func read(_ name: String) -> String {
                ((try? String(contentsOfFile: "\(base)/\(entry)/\(name)", encoding: .utf8)) ?? "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let level = Int(read("level")), let size = parseSize(read("size")) else { return nil }
            return Cache(level: level, type: read("type"), sizeBytes: size,
                         lineBytes: Int(read("coherency_line_size")) ?? 64,
                         sharedByCPUs: cpuListCount(read("shared_cpu_list")))
        }
    }

    /// "32K" → 32768, "1M" → 1048576.
    static func parseSize(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        switch last {
        case "K": return Int(text.dropLast()).map { $0 * 1024 }
        case "M": return Int(text.dropLast()).map { $0 * 1024 * 1024 }
        case "G": return Int(text.dropLast()).map { $0 * 1024 * 1024 * 1024 }
        default: return Int(text)
        }
    }

    /// "0-3,8" → 5.
    static func cpuListCount(_ list: String) -> Int {
        var count = 0
        for range in list.split(separator: ",") {
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2 { count += bounds[1] - bounds[0] + 1 } else if bounds.count == 1 { count += 1 }
        }
        return max(count, 1)
    }

    /// C compilers on PATH, with the first line of `--version`.
    private static func findCompilers() -> [Compiler] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var found: [Compiler] = []
        for name in ["cc", "gcc", "clang"] {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
                found.append(Compiler(name: name, path: candidate, version: versionLine(of: candidate)))
                break
            }
        }
        return found
    }

    private static func versionLine(of compiler: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compiler)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        } catch {
            return ""
        }
    }
}

/// `uname(2)` under a name that does not clash with the struct.
private func uname_machine(_ buffer: inout utsname) -> Int32 { uname(&buffer) }
