import Foundation

/// Runs the system C preprocessor on a kernel file.
///
/// Line markers are kept (no `-P`) so that every token can be traced back to its original
/// file and line; `#pragma scop` / `#pragma endscop` pass through `cc -E` unchanged.
public enum Preprocessor {
    /// Preprocesses `file` with `compiler -E`, the `-D` definitions and `-I` paths, and returns the text.
    /// - Throws: `FrontEndError` (with `line == 0`) when the file is missing or the preprocessor fails;
    ///   the reason includes the preprocessor's standard error.
    public static func run(file: String, defines: [String] = [], includePaths: [String] = [], compiler: String = "cc") throws -> String {
        guard FileManager.default.isReadableFile(atPath: file) else {
            let exists = FileManager.default.fileExists(atPath: file)
            throw FrontEndError(file: file, line: 0, column: 0, reason: exists ? "cannot read the file" : "no such file")
        }
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("akg-cpp-\(UUID().uuidString).i")
        defer { try? FileManager.default.removeItem(at: output) }

        var arguments = [compiler, "-E"]
        arguments += defines.map { "-D" + $0 }
        arguments += includePaths.map { "-I" + $0 }
        arguments += [file, "-o", output.path]

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FrontEndError(file: file, line: 0, column: 0, reason: "cannot run the preprocessor '\(compiler)': \(error)")
        }
        // Standard output goes to a file, so draining stderr to its end cannot deadlock.
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderrText = String(decoding: errorData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            let command = arguments.joined(separator: " ")
            let detail = stderrText.isEmpty ? "" : ":\n\(stderrText)"
            throw FrontEndError(
                file: file, line: 0, column: 0,
                reason: "the preprocessor failed (exit status \(process.terminationStatus)) running '\(command)'\(detail)")
        }
        guard let data = FileManager.default.contents(atPath: output.path) else {
            throw FrontEndError(file: file, line: 0, column: 0, reason: "the preprocessor produced no output")
        }
        // Invalid UTF-8 is replaced rather than rejected; the lexer reports odd bytes where they matter.
        return String(decoding: data, as: UTF8.self)
    }
}
