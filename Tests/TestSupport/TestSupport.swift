import Foundation

/// Paths and helpers shared by the test targets.
public enum TestSupport {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The directory of the running test binary: the build's products
    /// directory, where `akg-host` and the in-tree plugins are.
    public static let productsDirectory: URL = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // Swift Testing may run from inside an .xctest bundle directory.
        while url.path.contains(".xctest") { url = url.deletingLastPathComponent() }
        return url
    }()

    public static var hostBinary: URL { productsDirectory.appendingPathComponent("akg-host") }

    public static var pluginHeaderDirectory: URL {
        packageRoot.appendingPathComponent("Sources/PluginAPI/include")
    }

    /// A fresh scratch directory, removed by the OS's tmp cleaning only: tests
    /// leave their artifacts for a person to inspect when one fails.
    public static func scratchDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("akg-tests-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The result of running a program.
    public struct ProcessResult {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` with `arguments`, capturing both output streams.
    ///
    /// Spawns with posix_spawn and reaps with waitpid on that pid, not with
    /// Foundation's Process: its waitUntilExit sometimes never sees a child's
    /// exit on Linux (seen with a script that leaves a daemon behind), and a
    /// test would hang forever.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw CompileError(description: "pipe() failed: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environmentStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0)=\($1)" }
        let envp = environmentStrings.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw CompileError(description: "cannot run \(executable): \(String(cString: strerror(status)))")
        }
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        final class Collected: @unchecked Sendable { var data = Data() }
        let errCollected = Collected()
        let group = DispatchGroup()
        group.enter()
        let errReader = FileHandle(fileDescriptor: errPipe[0], closeOnDealloc: true)
        DispatchQueue.global().async {
            errCollected.data = errReader.readDataToEndOfFile()
            group.leave()
        }
        let outData = FileHandle(fileDescriptor: outPipe[0], closeOnDealloc: true).readDataToEndOfFile()
        group.wait()
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
        // Exit status, or 128 + signal as a shell reports it.
        let exited = waitStatus & 0x7f == 0
        return ProcessResult(status: exited ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f),
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errCollected.data, as: UTF8.self))
    }

    /// Runs the built `akg-host` with `arguments`. The environment is the
    /// test's, minus AKG_PLUGIN_PATH unless given.
    public static func runHost(_ arguments: [String], pluginPath: String? = nil,
                               environment extra: [String: String] = [:]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["AKG_PLUGIN_PATH"] = pluginPath
        environment.merge(extra) { _, new in new }
        return try run(hostBinary.path, arguments, environment: environment)
    }

    public struct CompileError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Compiles a C plugin out of tree with `cc -shared -fPIC` against the
    /// plugin header alone, as a vendor would, and returns the library path.
    public static func buildCPlugin(source: String, name: String, in directory: URL) throws -> String {
        let sourceFile = directory.appendingPathComponent("\(name).c")
        try source.write(to: sourceFile, atomically: true, encoding: .utf8)
        let library = directory.appendingPathComponent("lib\(name).so").path
        let result = try run("/usr/bin/env", [
            "cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-fvisibility=hidden",
            "-I", pluginHeaderDirectory.path, sourceFile.path, "-o", library,
        ])
        guard result.status == 0 else {
            throw CompileError(description: "cc failed for \(name):\n\(result.stderr)")
        }
        return library
    }
}
