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
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        final class Collected: @unchecked Sendable { var data = Data() }
        let errCollected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errCollected.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
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
