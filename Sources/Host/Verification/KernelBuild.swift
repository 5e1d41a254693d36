import Formats
import Foundation

/// A kernel built and ready for the runner: its artifacts on disk, the
/// plugin that loads them, and the signature to call.
public struct BuiltKernel: Sendable {
    public var label: String
    public var pluginPath: String
    public var directory: String
    public var artifacts: [RunnerJob.ArtifactFile]
    public var signature: KernelSignature
}

/// Why a kernel could not be built; the candidate is refused with it.
public struct BuildRefusal: Error, CustomStringConvertible {
    public var label: String
    public var message: String
    public var description: String { "\(label) does not build: \(message)" }
}

/// Compiler flags for the three kinds of build the verifier makes.
public enum BuildPurpose: Sendable {
    /// The original kernel as the reference: `-O1`, no fast-math, no FMA
    /// contraction, so the reference is as literal as C allows.
    case reference
    /// A candidate for verification: optimised as for timing, but without
    /// FMA contraction (two builds of one source may otherwise differ).
    case verification
    /// For timing: the normal optimisation flags.
    case timing

    var flags: [String] {
        switch self {
        case .reference: return ["-O1", "-fno-fast-math", "-ffp-contract=off", "-std=gnu99"]
        case .verification: return ["-O3", "-march=native", "-fopenmp", "-ffp-contract=off", "-std=gnu99"]
        case .timing: return ["-O3", "-march=native", "-fopenmp", "-std=gnu99"]
        }
    }
}

/// Builds C kernel files for the runner through a backend plugin.
///
/// The C source of a kernel (the user's file, a generated `kernel.c`, or a
/// hand- or LLM-written candidate) gets a small exported entry point appended
/// that calls the kernel function with the reference's signature. The file's
/// own `main`, if any, is renamed away, `static` functions stay reachable, and
/// a candidate whose function is missing or has another signature fails to
/// compile — the static gate of VERIFIER.md.
public enum KernelBuilder {
    public static let entrySymbol = "akg_verify_entry"

    /// The translation unit: `source`, then the entry point.
    static func translationUnit(source: String, sourceName: String, kernel: KernelDocument) -> String {
        // Compiler messages then name the user's file and lines.
        let quoted = sourceName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let parameters = kernel.parameters.map { parameter -> String in
            let dims = (parameter.shape ?? []).map { "[\($0)]" }.joined()
            return "\(parameter.type.cName) \(parameter.name)\(dims)"
        }
        let arguments = kernel.parameters.map(\.name).joined(separator: ", ")
        return """
            #define main akg_renamed_main
            #line 1 "\(quoted)"
            \(source)
            #undef main
            /* Entry point added by akg's verifier: the kernel with its reference signature. */
            __attribute__((visibility("default")))
            void \(entrySymbol)(\(parameters.joined(separator: ", "))) {
              \(kernel.name)(\(arguments));
            }

            """
    }

    /// Builds `source` (whose kernel function is `kernel.name`) for `purpose`.
    public static func build(label: String, source: String, sourceName: String, kernel: KernelDocument, includePaths: [String],
                             defines: [String], purpose: BuildPurpose, backend: BackendInterface,
                             pluginPath: String, in directory: String) throws -> BuiltKernel {
        let unit = translationUnit(source: source, sourceName: sourceName, kernel: kernel)
        var flags = purpose.flags
        // A candidate that does not match the reference signature must fail
        // to build, not be called with the wrong arguments.
        flags += ["-Werror=incompatible-pointer-types", "-Werror=implicit-function-declaration",
                  "-Werror=int-conversion", "-Wno-unknown-pragmas"]
        flags += includePaths.map { "-I" + $0 } + defines.map { "-D" + $0 }
        let options = try JSONSerialization.data(withJSONObject: ["flags": flags])
        let result: PluginCallResult
        do {
            result = try backend.build(sources: [Artifact(name: "unit.c", mediaType: "text/x-c", text: unit)],
                                       options: String(decoding: options, as: UTF8.self))
        } catch let error as PluginCallError {
            let detail = error.diagnostics.map(\.message).joined(separator: "\n")
            throw BuildRefusal(label: label, message: detail.isEmpty ? error.description : detail)
        }
        let folder = (directory as NSString).appendingPathComponent(label)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try unit.write(toFile: (folder as NSString).appendingPathComponent("unit.c"), atomically: true, encoding: .utf8)
        var files: [RunnerJob.ArtifactFile] = []
        for artifact in result.artifacts {
            let path = (folder as NSString).appendingPathComponent(artifact.name)
            try Data(artifact.data).write(to: URL(fileURLWithPath: path))
            files.append(.init(name: artifact.name, mediaType: artifact.mediaType, path: path))
        }
        return BuiltKernel(label: label, pluginPath: pluginPath, directory: folder, artifacts: files,
                           signature: KernelSignature(symbol: entrySymbol, parameters: kernel.parameters))
    }
}
