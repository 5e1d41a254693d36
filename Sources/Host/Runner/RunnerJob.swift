import Foundation

/// What the host asks the runner process to do, as a JSON file.
///
/// The runner (`akg-runner`) is the only process that executes generated
/// code. It maps the shared tensor arena, loads each kernel through its
/// backend plugin, performs the runs in order and writes a `RunnerResult`.
public struct RunnerJob: Codable, Sendable {
    /// One built kernel to load.
    public struct Kernel: Codable, Sendable {
        /// The backend plugin library that loads and runs it.
        public var plugin: String
        /// Files holding the artifacts `build` emitted, with their media types.
        public var artifacts: [ArtifactFile]
        /// The kernel signature document handed to `load`.
        public var signature: String
    }

    public struct ArtifactFile: Codable, Sendable {
        public var name: String
        public var mediaType: String
        public var path: String
    }

    /// One kernel argument: a tensor in the arena or a scalar value.
    public struct Argument: Codable, Sendable {
        public enum Kind: String, Codable, Sendable { case tensor, int, float }
        public var name: String
        public var kind: Kind
        /// `f32`, `f64`, `i32`, `i64`.
        public var dtype: String
        public var intValue: Int64?
        public var floatValue: Double?
        public var shape: [Int64]?
        /// Byte offset of the tensor's first element in the arena.
        public var offset: Int?
    }

    /// One call of one kernel.
    public struct Run: Codable, Sendable {
        public var kernel: Int
        public var warmups: Int
        public var repetitions: Int
        /// Copy the arena's initial contents back before this run, so every
        /// run of an in-place kernel sees the same inputs.
        public var restoreInputs: Bool
    }

    public var kernels: [Kernel]
    public var arguments: [Argument]
    public var runs: [Run]
    /// The shared-memory file holding every tensor, and its size.
    public var arenaPath: String
    public var arenaSize: Int
    /// Byte ranges made inaccessible in the runner (guard pages).
    public var guardRanges: [[Int]]
    /// Address-space limit for the runner, in bytes (`RLIMIT_AS`).
    public var memoryLimitBytes: Int
    /// Put the runner in an empty network namespace before loading code.
    public var isolateNetwork: Bool
    /// Confine the filesystem and processes before any kernel is loaded
    /// (docs/verification.md, "Containment"); absent means not at all.
    public var confinement: Confinement?
    /// Where the runner writes its `RunnerResult`.
    public var resultPath: String
    /// Where the runner's fault handler writes `guard K` or `fault` when
    /// the process dies of SIGSEGV/SIGBUS.
    public var faultPath: String
}

/// How the runner confines the code it loads: the host decides
/// (`ConfinementPolicy`), the runner enforces before loading any kernel.
public struct Confinement: Codable, Sendable {
    /// Paths the kernel may read (files, and directories with everything below).
    public var readable: [String]
    /// Paths it may read, write, create and remove in. The first is the
    /// job's scratch folder, the runner's TMPDIR.
    public var writable: [String]
    /// Paths it may read and execute; empty unless a backend declared it.
    public var executable: [String]
    /// A backend runs kernels in child processes: starting processes stays
    /// allowed (still inside the same filesystem rules).
    public var subprocesses: Bool
    /// What a backend's declaration widened, for the report.
    public var notes: [String]

    public init(readable: [String], writable: [String], executable: [String], subprocesses: Bool, notes: [String]) {
        self.readable = readable
        self.writable = writable
        self.executable = executable
        self.subprocesses = subprocesses
        self.notes = notes
    }
}

/// What actually confined a runner, as it reported it.
public struct ContainmentReport: Codable, Sendable, Equatable {
    /// An empty network namespace.
    public var network: Bool
    /// Landlock: reads only from system and build folders, writes only to
    /// the scratch folder, executes nothing a backend did not declare.
    public var filesystem: Bool
    /// seccomp: no new programs or processes, no sockets, no signals to
    /// other processes (unless a backend declared it starts subprocesses).
    public var processes: Bool
    /// Why a part is missing, or what a backend's declaration widened.
    public var notes: [String]

    public init(network: Bool, filesystem: Bool, processes: Bool, notes: [String]) {
        self.network = network
        self.filesystem = filesystem
        self.processes = processes
        self.notes = notes
    }

    public static let none = ContainmentReport(network: false, filesystem: false, processes: false, notes: [])

    /// What holds in both runs: each part only if both had it.
    public func meet(_ other: ContainmentReport) -> ContainmentReport {
        ContainmentReport(network: network && other.network, filesystem: filesystem && other.filesystem,
                          processes: processes && other.processes,
                          notes: notes + other.notes.filter { !notes.contains($0) })
    }

    /// One line for reports: `network isolated, filesystem confined (Landlock), ...`.
    public var summary: String {
        var parts = [network ? "network isolated" : "network NOT isolated",
                     filesystem ? "filesystem confined" : "filesystem NOT confined",
                     processes ? "processes confined" : "processes NOT confined"]
        if !notes.isEmpty { parts.append(notes.joined(separator: "; ")) }
        return parts.joined(separator: ", ")
    }
}

/// What the runner reports back; absent or partial when it crashed.
public struct RunnerResult: Codable, Sendable {
    public struct RunTiming: Codable, Sendable {
        public var kernel: Int
        public var repetitions: Int
        public var minNanoseconds: UInt64
        public var medianNanoseconds: UInt64

        public init(kernel: Int, repetitions: Int, minNanoseconds: UInt64, medianNanoseconds: UInt64) {
            self.kernel = kernel
            self.repetitions = repetitions
            self.minNanoseconds = minNanoseconds
            self.medianNanoseconds = medianNanoseconds
        }
    }

    /// `ok`, or the stage that failed: `load-plugin`, `load`, `run`, `setup`.
    public var status: String
    public var message: String?
    public var timings: [RunTiming]
    public var diagnostics: [String]
    /// Whether the network namespace could be entered.
    public var networkIsolated: Bool
    /// Everything that confined the kernel; absent from runners older than it.
    public var containment: ContainmentReport?

    public init(status: String, message: String?, timings: [RunTiming], diagnostics: [String], networkIsolated: Bool,
                containment: ContainmentReport? = nil) {
        self.status = status
        self.message = message
        self.timings = timings
        self.diagnostics = diagnostics
        self.networkIsolated = networkIsolated
        self.containment = containment
    }
}
