import Formats
import Foundation
import PluginAPI

/// `akg-host gen` and `verify`: build a candidate, verify it against the
/// original kernel in the sandboxed runner, time it against the original,
/// and report.
public struct GenerationRequest {
    public var file: String
    public var options: KernelPipelineOptions
    public var backend: LoadedPlugin
    /// The C backend that builds the original kernel (reference and timing
    /// baseline) when `backend` generates another language (Triton); nil
    /// means `backend` builds it, as the CPU backend does.
    public var referenceBackend: LoadedPlugin?
    public var verifier: VerifierOptions
    /// Interleaved baseline/candidate pairs to time; 0 skips timing.
    public var timingPairs = 7
    /// The backend's knobs for `generate` (docs/tuning.md, "Backend knobs"), as a JSON object.
    public var backendOptions = "{}"

    public init(file: String, options: KernelPipelineOptions, backend: LoadedPlugin, verifier: VerifierOptions) {
        self.file = file
        self.options = options
        self.backend = backend
        self.verifier = verifier
    }
}

/// Everything `gen`/`verify` found out, for the reports.
public struct GenerationOutcome {
    public var kernel: KernelDocument
    public var candidateLabel: String
    public var candidateSource: String
    /// The file name the candidate's source is written to (`kernel.c`, `kernel.py`).
    public var candidateFileName = "kernel.c"
    public var verification: VerificationReport
    public var profile: ProfileReport?
    /// Set when the speedup looked too good and verification was repeated.
    public var reverified: Bool
    public var stageTimings: [(stage: PipelineStage, seconds: Double)]
    public var notes: [String]
    /// How the backend mapped the kernel (its `mapping.json`), when it says.
    public var mapping: KernelMapping?
    /// Files `-o` writes beside the kernel: the backend's mapping and the
    /// candidate's build outputs a person may want (PTX, TTIR).
    public var extraFiles: [Artifact] = []

    public var accepted: Bool { verification.accepted }
}

public enum KernelGeneration {
    /// A speedup above this over the original is verified again with fresh
    /// seeds before it is believed (VERIFIER.md).
    public static let suspiciousSpeedup = 10.0

    /// `gen`: schedule, generate, build, verify, time.
    public static func generate(_ request: GenerationRequest, progress: (String) -> Void = { _ in },
                                observe: (PipelineStage, () -> String) -> Void = { _, _ in }) throws -> GenerationOutcome {
        guard let backend = request.backend.backend else {
            throw BuildRefusal(label: request.backend.id, message: "is not a backend")
        }
        progress("scheduling \(request.file)")
        let scheduled = try KernelPipeline.schedule(file: request.file, options: request.options, observe: observe)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        progress("generating code with \(request.backend.id)")
        let generated = try backend.generate(format: AKG_FORMAT_AST_JSON, program: Array(try encoder.encode(scheduled.document)),
                                             options: request.backendOptions)
        guard let candidate = GeneratedCandidate(artifacts: generated.artifacts) else {
            throw BuildRefusal(label: request.backend.id, message: "generate() emitted no kernel.c nor any other source")
        }
        var nativeSources: [Artifact]?
        if case .nativeSources(_, let all) = candidate { nativeSources = all }
        var outcome = try verifyAndTime(request, kernel: scheduled.kernel, candidateLabel: "generated kernel",
                                        candidateName: candidate.fileName, candidateSource: candidate.text,
                                        nativeSources: nativeSources, stageTimings: scheduled.timings, progress: progress)
        outcome.candidateFileName = candidate.fileName
        outcome.notes = scheduled.notes.map { "scheduler: \($0)" } + outcome.notes
        outcome.mapping = KernelMapping(artifacts: generated.artifacts)
        outcome.extraFiles = generated.artifacts.filter { $0.mediaType == KernelMapping.mediaType } + outcome.extraFiles
        return outcome
    }

    /// `verify`: the kernel in `request.file` is the reference; `candidate`
    /// is a C file defining the same function with the same signature.
    public static func verify(_ request: GenerationRequest, candidateFile: String,
                              progress: (String) -> Void = { _ in }) throws -> GenerationOutcome {
        progress("reading the reference kernel in \(request.file)")
        let scheduled = try KernelPipeline.parseOnly(file: request.file, options: request.options)
        guard let source = FileManager.default.contents(atPath: candidateFile) else {
            throw BuildRefusal(label: candidateFile, message: "cannot read the candidate file")
        }
        return try verifyAndTime(request, kernel: scheduled, candidateLabel: "candidate \((candidateFile as NSString).lastPathComponent)",
                                 candidateName: candidateFile, candidateSource: String(decoding: source, as: UTF8.self), stageTimings: [],
                                 progress: progress)
    }

    static func verifyAndTime(_ request: GenerationRequest, kernel: KernelDocument, candidateLabel: String,
                              candidateName: String, candidateSource: String, nativeSources: [Artifact]? = nil,
                              stageTimings: [(stage: PipelineStage, seconds: Double)],
                              progress: (String) -> Void) throws -> GenerationOutcome {
        guard let backend = request.backend.backend else {
            throw BuildRefusal(label: request.backend.id, message: "is not a backend")
        }
        // The original kernel is C: a backend of another language has it
        // built by the C backend, and builds only its own candidate.
        let referenceBuilder = request.referenceBackend ?? request.backend
        guard nativeSources == nil || request.referenceBackend != nil, let cBackend = referenceBuilder.backend else {
            throw BuildRefusal(label: request.backend.id, message: "generates non-C code, so the reference needs the C (cpu) backend, which was not found")
        }
        let verifier = try Verifier(kernel: kernel, options: request.verifier)
        let original = try String(contentsOfFile: request.file, encoding: .utf8)
        func build(_ label: String, _ source: String, _ purpose: BuildPurpose) throws -> BuiltKernel {
            let name = source == original ? request.file : candidateName
            if let nativeSources, source != original {
                return try KernelBuilder.buildGenerated(label: label, sources: nativeSources, kernel: kernel, purpose: purpose,
                                                        backend: backend, pluginPath: request.backend.path,
                                                        in: verifier.buildDirectory)
            }
            let builder = source == original ? referenceBuilder : request.backend
            return try KernelBuilder.build(label: label, source: source, sourceName: name, kernel: kernel,
                                    includePaths: request.options.includePaths, defines: request.options.defines,
                                    purpose: purpose, backend: source == original ? cBackend : backend,
                                    pluginPath: builder.path, in: verifier.buildDirectory)
        }
        var outcome = GenerationOutcome(kernel: kernel, candidateLabel: candidateLabel, candidateSource: candidateSource,
                                        verification: VerificationReport(kernel: kernel.name, accepted: false, refusal: nil, message: "",
                                                                         cases: [], networkIsolated: false,
                                                                         toleranceWasDeciding: false, threads: request.verifier.threads),
                                        profile: nil, reverified: false, stageTimings: stageTimings, notes: [])
        progress("building the reference (-O1) and the candidate")
        let reference = try build("reference", original, .reference)
        let candidate: BuiltKernel
        do {
            candidate = try build("candidate", candidateSource, .verification)
            // What a person inspects of a non-C build (PTX, TTIR); the
            // loadable library or module itself is not worth a copy.
            outcome.extraFiles = candidate.artifacts.filter { ["text/x-ptx", "text/x-mlir"].contains($0.mediaType) }.compactMap { file in
                FileManager.default.contents(atPath: file.path).map { Artifact(name: file.name, mediaType: file.mediaType, data: Array($0)) }
            }
        } catch let refusal as BuildRefusal {
            outcome.verification.refusal = .buildFailed
            outcome.verification.message = refusal.description
            return outcome
        }
        outcome.verification = try verifier.verify(reference: reference, candidate: candidate, progress: progress)
        guard outcome.accepted, request.timingPairs > 0 else { return outcome }
        if nativeSources != nil, !KernelBuilder.timesAreSpeed(backend) {
            outcome.notes.append("timing skipped: \(request.backend.id) runs kernels in an interpreter on this machine, "
                                 + "so its times are correctness-only, not speed")
            return outcome
        }

        progress("timing the candidate against the original (cc -O3 -march=native)")
        let baselineTiming = try build("baseline-timing", original, .timing)
        let candidateTiming = try build("candidate-timing", candidateSource, .timing)
        guard let real = try verifier.parameterPoints().last else { return outcome }
        let values = Dictionary(uniqueKeysWithValues: zip(kernel.integerParameters, real))
        let profile = try verifier.profile(baseline: baselineTiming, candidate: candidateTiming, values: values,
                                           pairs: request.timingPairs)
        outcome.profile = profile
        if profile.medianSpeedup > suspiciousSpeedup {
            progress("a \(String(format: "%.1f", profile.medianSpeedup))x speedup is suspicious: verifying again with fresh seeds")
            var again = request.verifier
            again.baseSeed = nil
            let second = try Verifier(kernel: kernel, options: again)
            let report = try second.verify(reference: reference, candidate: candidate, progress: progress)
            outcome.reverified = true
            outcome.notes.append("speedup over \(Int(suspiciousSpeedup))x: re-verified with fresh seeds — \(report.accepted ? "accepted again" : "REFUSED")")
            if !report.accepted { outcome.verification = report }
        }
        return outcome
    }
}
