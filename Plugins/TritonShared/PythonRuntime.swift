import Foundation

/// Finds the Python that has `triton` and `numpy`.
///
/// In order: `$AKG_PYTHON`; `.venv/bin/python3` in the plugin's directory or
/// any directory above it (a checkout's `.build/debug/libakg-triton.so` finds
/// the checkout's `.venv`, which `scripts/setup` creates); `python3` on PATH.
public enum PythonLocator {
    public static func python(pluginPath: String, venvName: String = ".venv") -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["AKG_PYTHON"], !explicit.isEmpty { return explicit }
        var directory = URL(fileURLWithPath: pluginPath).deletingLastPathComponent().standardizedFileURL
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("\(venvName)/bin/python3").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "python3"
    }
}

/// A finished Python child.
struct PythonResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

enum PythonProcess {
    /// Runs `python script arguments…` to completion; output through files, so
    /// a chatty child cannot fill a pipe and stall.
    static func run(python: String, script: String, arguments: [String], environment: [String: String] = [:],
                    in directory: String) throws -> PythonResult {
        let scriptPath = (directory as NSString).appendingPathComponent("akg_script.py")
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let outPath = (directory as NSString).appendingPathComponent("akg_script.out")
        let errPath = (directory as NSString).appendingPathComponent("akg_script.err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, scriptPath] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        process.waitUntilExit()
        return PythonResult(status: process.terminationStatus,
                            standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                            standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}

/// A fresh private directory under the system's temporary directory.
func makeScratchDirectory(_ prefix: String) throws -> String {
    let path = NSTemporaryDirectory() + "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
