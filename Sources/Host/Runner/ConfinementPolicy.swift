import Foundation

/// What the runner lets loaded kernels touch (docs/verification.md,
/// "Containment"): system folders and the job's build folders to read, one
/// scratch folder to write, nothing to execute, no new processes — widened
/// only by what a backend plugin declares in its capabilities' `sandbox`
/// object, because only the plugin knows what its runtime needs (a Python
/// interpreter, a device node).
public enum ConfinementPolicy {
    /// What shared libraries, the C library and OpenMP read at run time.
    /// /etc is listed file by file: the rest of it (shadow, keys) is none of
    /// a kernel's business. The runner adds its own /proc/PID folder.
    public static let systemReadable = [
        "/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt", "/sys",
        "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/nsswitch.conf",
        "/etc/passwd", "/etc/group", "/etc/os-release", "/etc/alternatives",
        "/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/proc/sys/kernel",
        "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/full",
    ]

    /// Where the dynamic loader lives on the architectures akg runs on; the
    /// ones missing here are skipped by the runner.
    static let dynamicLoaders = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"]

    /// A backend's declared needs, from the `sandbox` object of its
    /// capabilities document (docs/ABI.md).
    public struct Declaration: Sendable, Equatable {
        public var read: [String] = []
        public var write: [String] = []
        public var execute: [String] = []
        public var subprocesses = false

        public init(read: [String] = [], write: [String] = [], execute: [String] = [], subprocesses: Bool = false) {
            self.read = read
            self.write = write
            self.execute = execute
            self.subprocesses = subprocesses
        }

        /// Reads `capabilities.sandbox`; absent or malformed fields mean nothing.
        public init(capabilities: [String: Any]) {
            guard let sandbox = capabilities["sandbox"] as? [String: Any] else { return }
            func paths(_ value: Any?) -> [String] {
                ((value as? [Any]) ?? []).compactMap { $0 as? String }.filter { !$0.isEmpty }
                    .map { ($0 as NSString).expandingTildeInPath }
            }
            read = paths(sandbox["read"])
            write = paths(sandbox["write"])
            execute = paths(sandbox["execute"])
            subprocesses = sandbox["subprocesses"] as? Bool == true
        }
    }

    /// The confinement of one runner job.
    public static func confinement(scratchDirectory: String, kernels: [RunnerJob.Kernel],
                                   declarations: [(plugin: String, declaration: Declaration)]) -> Confinement {
        var readable = systemReadable
        for kernel in kernels {
            readable.append(folder(of: kernel.plugin))
            readable += kernel.artifacts.map { folder(of: $0.path) }
        }
        var writable = [scratchDirectory]
        var executable: [String] = []
        var subprocesses = false
        var notes: [String] = []
        for (plugin, declaration) in declarations {
            readable += declaration.read
            writable += declaration.write
            executable += declaration.execute
            subprocesses = subprocesses || declaration.subprocesses
            if !(declaration.write.isEmpty && declaration.execute.isEmpty) {
                notes.append("\(plugin) declared it also writes \(list(declaration.write)) and executes \(list(declaration.execute))")
            }
        }
        if !executable.isEmpty {
            // execve opens the ELF interpreter for execution too.
            executable += dynamicLoaders.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        }
        return Confinement(readable: unique(readable), writable: unique(writable), executable: unique(executable),
                           subprocesses: subprocesses, notes: notes)
    }

    static func list(_ paths: [String]) -> String { paths.isEmpty ? "nothing" : paths.joined(separator: ", ") }

    static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    static func unique(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
