import Formats
import Foundation

/// What a backend's `generate` produced, seen by the verifier: C for the CPU
/// backend (built like any C candidate, with the verifier's entry point), or
/// sources in another language (Triton's `kernel.py`), which only their own
/// backend can build and run.
public enum GeneratedCandidate {
    case cSource(String)
    case nativeSources(main: Artifact, all: [Artifact])

    /// Classifies `generate`'s artifacts; nil when there is nothing to build.
    public init?(artifacts: [Artifact]) {
        if let c = artifacts.first(where: { $0.name == "kernel.c" }) {
            self = .cSource(c.text)
        } else if let main = artifacts.first(where: { $0.mediaType.hasPrefix("text/") }) {
            self = .nativeSources(main: main, all: artifacts)
        } else {
            return nil
        }
    }

    /// The text a report shows and `-o` writes.
    public var text: String {
        switch self {
        case .cSource(let text): return text
        case .nativeSources(let main, _): return main.text
        }
    }

    /// The file name `-o` writes the text to.
    public var fileName: String {
        switch self {
        case .cSource: return "kernel.c"
        case .nativeSources(let main, _): return main.name
        }
    }
}

extension KernelBuilder {
    /// Builds a non-C candidate from its generated sources with its own
    /// backend. No entry point is appended: the backend's `load` calls the
    /// generated launcher with the kernel's parameters in signature order.
    public static func buildGenerated(label: String, sources: [Artifact], kernel: KernelDocument, purpose: BuildPurpose,
                                      backend: BackendInterface, pluginPath: String,
                                      in directory: String) throws -> BuiltKernel {
        let options = try JSONSerialization.data(withJSONObject: ["purpose": purpose.name])
        let result: PluginCallResult
        do {
            result = try backend.build(sources: sources, options: String(decoding: options, as: UTF8.self))
        } catch let error as PluginCallError {
            let detail = error.diagnostics.map(\.message).joined(separator: "\n")
            throw BuildRefusal(label: label, message: detail.isEmpty ? error.description : detail)
        }
        let folder = (directory as NSString).appendingPathComponent(label)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files: [RunnerJob.ArtifactFile] = []
        for artifact in result.artifacts {
            let path = (folder as NSString).appendingPathComponent(artifact.name)
            try Data(artifact.data).write(to: URL(fileURLWithPath: path))
            files.append(.init(name: artifact.name, mediaType: artifact.mediaType, path: path))
        }
        return BuiltKernel(label: label, pluginPath: pluginPath, directory: folder, artifacts: files,
                           signature: KernelSignature(symbol: kernel.name, parameters: kernel.parameters))
    }

    /// Whether `backend`'s run times are real device times; false for a
    /// backend that says its timing is correctness-only (an interpreter).
    public static func timesAreSpeed(_ backend: BackendInterface) -> Bool {
        guard let artifact = try? backend.capabilities(),
              let object = try? JSONSerialization.jsonObject(with: Data(artifact.data)) as? [String: Any],
              let runtime = object["runtime"] as? [String: Any] else { return true }
        return runtime["timing"] as? String != "correctness-only"
    }
}

extension BuildPurpose {
    var name: String {
        switch self {
        case .reference: return "reference"
        case .verification: return "verification"
        case .timing: return "timing"
        }
    }
}
