import Foundation

/// Why the C compiler refused generated code; carries its output.
struct BuildFailure: Error {
    var message: String
}

/// Compiler flags for builds; a build's `options` JSON may replace them with
/// `{"flags": [...]}` (the verifier asks for `-O1 -ffp-contract=off`).
let defaultBuildFlags = ["-O3", "-march=native", "-fopenmp", "-std=gnu99"]

/// Compiles C sources into one shared library with the system compiler and
/// returns its bytes. Work happens in a private temporary directory that is
/// removed afterwards.
func compileSharedLibrary(_ sources: [(name: String, data: [UInt8])], options: String) throws -> [UInt8] {
    guard !sources.isEmpty else { throw BuildFailure(message: "no C sources to build") }
    var flags = defaultBuildFlags
    if let data = options.data(using: .utf8),
       let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
       let custom = object["flags"] as? [String] {
        flags = custom
    }
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("akg-cpu-build-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var paths: [String] = []
    for source in sources {
        // Artifact names are plain file names (the host checks), never paths.
        let url = directory.appendingPathComponent(source.name)
        try Data(source.data).write(to: url)
        paths.append(url.path)
    }
    let output = directory.appendingPathComponent("kernel.so").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["cc"] + flags + ["-fPIC", "-shared"] + paths + ["-o", output, "-lm"]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = errors
    try process.run()
    let text = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BuildFailure(message: "cc \((flags).joined(separator: " ")) failed:\n"
                           + String(decoding: text, as: UTF8.self))
    }
    return Array(try Data(contentsOf: URL(fileURLWithPath: output)))
}
