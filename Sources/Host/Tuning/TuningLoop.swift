import Formats
import Foundation
import PluginAPI
import Polyhedral

/// Limits of one tuning run; nil means unlimited.
public struct TuningBudget: Sendable {
    /// Candidates to measure (results read back from the database count too).
    public var candidates: Int?
    /// Wall-clock seconds for the whole run.
    public var seconds: Double?

    public init(candidates: Int?, seconds: Double?) {
        self.candidates = candidates
        self.seconds = seconds
    }
}

/// Everything `akg-host tune` needs.
public struct TuningRequest {
    public var file: String
    /// Defines, include paths and the kernel name; the scheduler
    /// configuration comes from each candidate instead.
    public var options: KernelPipelineOptions
    public var backend: LoadedPlugin
    /// The C backend that builds the original kernel (reference and timing
    /// baseline) when `backend` generates another language (Triton's
    /// `kernel.py`); nil means `backend` builds it, as the CPU backend does.
    public var referenceBackend: LoadedPlugin?
    public var strategy: LoadedPlugin
    public var verifier: VerifierOptions
    public var budget: TuningBudget
    public var database: TuningDatabase
    /// Ignore earlier records (new measurements are still recorded).
    public var fresh = false
    /// Handed to the strategy; the same seed and results give the same run.
    public var seed = 1
    /// Interleaved baseline/candidate pairs per measurement.
    public var timingPairs = 3
    /// Candidates prepared (scheduled, generated, built) at once.
    public var compileWidth = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// Strategy-specific settings, handed over as the problem's
    /// `strategyOptions` object (left out when empty).
    public var strategyOptions: [String: JSONValue] = [:]

    public init(file: String, options: KernelPipelineOptions, backend: LoadedPlugin, strategy: LoadedPlugin,
                verifier: VerifierOptions, budget: TuningBudget, database: TuningDatabase) {
        self.file = file
        self.options = options
        self.backend = backend
        self.strategy = strategy
        self.verifier = verifier
        self.budget = budget
        self.database = database
    }
}

/// What happened to one candidate, as the strategy is told
/// (`akg.tuning-result+json/1`) and the reports list it.
public struct CandidateResult: Sendable {
    public var candidateID: String
    public var status: String
    public var speedup: Double?
    public var seconds: Double?
    public var baselineSeconds: Double?
    public var refusal: String?
    public var message: String
    public var codeHash: String?
    public var duplicateOf: String?
    public var fromRecords: Bool
    public var notes: [String]
    public var code: String?
    /// The candidate as resolved (canonical JSON), its scheduler document.
    public var candidate: String?
    public var schedulerDocument: String?
    public var recordID: Int64?
    /// baseline/candidate time per timed pair; seconds spent verifying and timing.
    public var ratios: [Double] = []
    public var measureSeconds = 0.0
    /// The speedup measured again at the end, side by side with the other
    /// finalists and with more pairs (the search's numbers favour lucky draws).
    public var confirmedSpeedup: Double?

    /// The number to trust: the confirmed speedup when there is one.
    public var bestEstimate: Double? { confirmedSpeedup ?? speedup }

    /// Counted against `--budget`: everything but duplicates.
    public var counts: Bool { status != "duplicate" }

    var document: JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            "format": .string("akg.tuning-result+json/1"),
            "candidate": .string(candidateID),
            "status": .string(status),
            "speedup": number(speedup),
            "seconds": number(seconds),
            "baselineSeconds": number(baselineSeconds),
            "refusal": text(refusal),
            "message": .string(message),
            "codeHash": text(codeHash),
            "duplicateOf": text(duplicateOf),
            "fromRecords": .bool(fromRecords),
            "notes": .array(notes.map(JSONValue.string)),
            "code": text(code.map { String($0.utf8.prefix(64 * 1024)) ?? $0 }),
        ])
    }
}

/// Progress of a tuning run, for the progress bar.
public enum TuningEvent {
    /// The run is set up: the kernel, the number of knobs, the budget.
    case started(kernel: String, knobs: Int, budget: TuningBudget)
    /// What the loop is doing now.
    case step(String)
    /// Something the user should know (strategy diagnostics, skipped work).
    case note(String)
    /// One candidate is done; `counted` candidates count towards the budget.
    case finished(CandidateResult, counted: Int, best: Double?, elapsed: Double)
}

/// The outcome of a tuning run.
public struct TuningOutcome {
    public var kernel: KernelDocument
    public var context: TuningContext
    public var strategyID: String
    public var results: [CandidateResult]
    /// Elapsed seconds when each result was known.
    public var elapsed: [Double]
    public var best: CandidateResult?
    /// The result of the default scheduler configuration, when it was tried.
    public var defaultResult: CandidateResult?
    public var stoppedBecause: String
    public var notes: [String]
    public var startedAt: Date
    public var finishedAt: Date
    public var space: SearchSpace
    public var budget: TuningBudget
    /// Set (to the reason) when the backend's times are not speed (Triton's
    /// interpreter): candidates were verified only, none was timed, and
    /// `best` is the kernel written out, not a faster one.
    public var correctnessOnly: String?
    /// The name the best kernel is written under: `<kernel>.c`, `<kernel>.py`.
    public var codeFileName: String
}

/// The tuning loop of docs/tuning.md: asks the strategy for candidates,
/// prepares a batch in parallel (schedule, generate, build), measures one
/// candidate at a time (verify, then time against the original), records
/// every measurement at once, and tells the strategy.
public final class TuningLoop {
    private let request: TuningRequest
    private let backend: BackendInterface
    private let strategy: StrategyInterface

    public init(_ request: TuningRequest) throws {
        guard let backend = request.backend.backend else {
            throw TuningError(description: "plugin '\(request.backend.id)' is not a backend")
        }
        guard let strategy = request.strategy.strategy else {
            throw TuningError(description: "plugin '\(request.strategy.id)' is not a strategy")
        }
        self.request = request
        self.backend = backend
        self.strategy = strategy
    }

    /// One candidate on its way through the loop.
    private struct Candidate {
        var id: String
        var index: Int
        var plan: CandidatePlan?
        var candidateHash = ""
        var result: CandidateResult?
        var source: String?
        /// All of `generate`'s sources when they are not C (kernel.py):
        /// built by the backend itself, without the verifier's entry point.
        var nativeSources: [Artifact]?
        var fileName: String?
        var notes: [String] = []
        var verificationBuild: BuiltKernel?
        var timingBuild: BuiltKernel?
        var compileSeconds = 0.0
        var sameCodeAsEarlier = false
    }

    public func run(progress: (TuningEvent) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws -> TuningOutcome {
        let startedAt = Date()
        let clock = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9 }

        progress(.step("reading \(request.file)"))
        let kernel = try KernelPipeline.parseOnly(file: request.file, options: request.options)
        let capabilitiesArtifact = try backend.capabilities()
        let capabilities = (try? JSONValue.parse(capabilitiesArtifact.text)) ?? .object([:])
        let backendName = capabilities["backend"]?.stringValue
            ?? String(request.backend.id.split(separator: ".").last ?? Substring(request.backend.id))
        var options = request.options
        options.target = TargetFacts(capabilities: capabilitiesArtifact.data)

        let verifier = try Verifier(kernel: kernel, options: request.verifier)
        guard let realPoint = try verifier.parameterPoints().last else {
            throw TuningError(description: "\(request.file): the kernel has no parameter point to run at")
        }
        let sizes = Dictionary(uniqueKeysWithValues: zip(kernel.integerParameters, realPoint))
        let context = TuningContext(
            kernelHash: TuningLoop.kernelHash(kernel), kernelName: kernel.name, kernelFile: request.file,
            backendID: request.backend.id, backendVersion: request.backend.version,
            machine: TuningLoop.machineFingerprint(capabilities), threads: request.verifier.threads, sizes: sizes)
        let space = SearchSpace.make(kernel: kernel, capabilities: capabilities, backendName: backendName)

        // A backend of another language (Triton) has the original built by
        // the C backend and builds only its own candidates; one whose times
        // are not speed (an interpreter) is only verified.
        let cPlugin = request.referenceBackend ?? request.backend
        guard let cBackend = cPlugin.backend else {
            throw TuningError(description: "plugin '\(cPlugin.id)' is not a backend")
        }
        let correctnessOnly: String? = KernelBuilder.timesAreSpeed(backend) ? nil
            : "\(request.backend.id) runs kernels in an interpreter on this machine, so its times are not speed: "
              + "candidates are verified only, none is timed, and no speedup is reported"
        progress(.step("building the reference and the original for timing"))
        let original = try String(contentsOfFile: request.file, encoding: .utf8)
        func buildC(_ label: String, _ source: String, name: String, _ purpose: BuildPurpose,
                    with plugin: LoadedPlugin, _ builder: BackendInterface) throws -> BuiltKernel {
            try KernelBuilder.build(label: label, source: source, sourceName: name, kernel: kernel,
                                    includePaths: request.options.includePaths, defines: request.options.defines,
                                    purpose: purpose, backend: builder, pluginPath: plugin.path,
                                    in: verifier.buildDirectory)
        }
        func build(_ label: String, _ source: String, name: String, _ purpose: BuildPurpose) throws -> BuiltKernel {
            try buildC(label, source, name: name, purpose, with: request.backend, backend)
        }
        let reference = try buildC("reference", original, name: request.file, .reference, with: cPlugin, cBackend)
        let baseline = try buildC("baseline-timing", original, name: request.file, .timing, with: cPlugin, cBackend)

        // What a strategy that writes code needs (an LLM agent): the source,
        // the signature to keep, the dependences, the target, and the code
        // the default configuration generates as a starting point.
        progress(.step("generating the default configuration's code for the strategy"))
        let prototype = "\(kernel.returnType) \(kernel.name)(" + kernel.parameters.map { parameter in
            "\(parameter.type.cName) \(parameter.name)" + (parameter.shape ?? []).map { "[\($0)]" }.joined()
        }.joined(separator: ", ") + ")"
        var baselineCode = JSONValue.null
        // The best kernel is written as `<kernel>.c`, or with the extension of
        // the backend's own source (Triton: `<kernel>.py`).
        var codeExtension = ".c"
        var dependenceText = JSONValue.null
        if case .configuration(_, let knobs)? = try? space.plan(for: Array(#"{"knobs":{}}"#.utf8)) {
            if let scheduled = try? KernelPipeline.schedule(file: request.file, options: options, observe: { stage, text in
                if stage == .deps { dependenceText = .string(text()) }
            }), let program = try? JSONEncoder().encode(scheduled.document),
               let generated = try? backend.generate(format: AKG_FORMAT_AST_JSON, program: Array(program),
                                                     options: JSONValue.object(knobs).canonicalText),
               let source = GeneratedCandidate(artifacts: generated.artifacts) {
                baselineCode = .string(source.text)
                codeExtension = "." + ((source.fileName as NSString).pathExtension.isEmpty ? "c" : (source.fileName as NSString).pathExtension)
            }
        }
        var problemMembers: [String: JSONValue] = [
            "format": .string("akg.tuning-problem+json/1"),
            "kernel": .object([
                "name": .string(kernel.name), "file": .string(request.file), "hash": .string(context.kernelHash),
                "statements": .int(kernel.statements.count),
                "maxDepth": .int(kernel.statements.map(\.iterators.count).max() ?? 0),
                "parameters": .object(sizes.mapValues(JSONValue.int)),
                "signature": .string(prototype),
                "source": .string(original),
                "dependences": dependenceText,
                "baselineCode": baselineCode,
            ]),
            "backend": .object(["id": .string(request.backend.id), "version": .string(request.backend.version),
                                "capabilities": capabilities]),
            "budget": .object(["candidates": request.budget.candidates.map(JSONValue.int) ?? .null,
                               "seconds": request.budget.seconds.map(JSONValue.double) ?? .null]),
            "seed": .int(request.seed),
            "knobs": space.knobsJSON,
            "seeds": space.seedsJSON,
        ]
        if !request.strategyOptions.isEmpty { problemMembers["strategyOptions"] = .object(request.strategyOptions) }
        let problem = JSONValue.object(problemMembers)
        let session: StrategySession
        do {
            session = try strategy.open(problem: problem.canonicalText)
        } catch let error as PluginCallError {
            throw TuningError(description: "strategy '\(request.strategy.id)' refused to start: \(error)")
        }
        defer { session.close() }
        var notes: [String] = []
        func note(_ text: String) {
            notes.append(text)
            progress(.note(text))
        }
        for diagnostic in session.openDiagnostics where diagnostic.level >= .warning {
            note("strategy \(request.strategy.id): \(diagnostic)")
        }
        let sessionID = try request.database.beginSession(context: context, strategyID: request.strategy.id,
                                                          budget: request.budget.candidates, seconds: request.budget.seconds)
        progress(.started(kernel: kernel.name, knobs: space.knobs.count, budget: request.budget))

        let defaultHash = (try? space.plan(for: Array(#"{"knobs":{}}"#.utf8))).map { SHA256.hex($0.canonicalText) }
        var results: [CandidateResult] = []
        var times: [Double] = []
        var byCode: [String: CandidateResult] = [:]
        var byCandidate: [String: CandidateResult] = [:]
        var seenIDs = Set<String>()
        var counted = 0
        var best: CandidateResult?
        var defaultResult: CandidateResult?
        var stoppedBecause = "strategy done"
        var quietProposals = 0

        func finish(_ result: CandidateResult, hash: String?) {
            results.append(result)
            times.append(elapsed())
            if result.counts { counted += 1 }
            if result.status == "ok", result.duplicateOf == nil, let speedup = result.speedup,
               speedup > (best?.speedup ?? -1) {
                best = result
            }
            if let hash, hash == defaultHash, defaultResult == nil { defaultResult = result }
            // Without times, the kernel to write is the default configuration's
            // when it verified, else the first verified candidate.
            if correctnessOnly != nil, result.status == "ok", result.duplicateOf == nil,
               best == nil || (hash != nil && hash == defaultHash) {
                best = result
            }
            progress(.finished(result, counted: counted, best: best?.speedup, elapsed: elapsed()))
            do {
                let observed = try session.observe(candidate: result.candidateID, result: result.document.canonicalText)
                for diagnostic in observed.diagnostics where diagnostic.level >= .warning {
                    note("strategy \(request.strategy.id): \(diagnostic)")
                }
            } catch {
                note("strategy \(request.strategy.id) failed to observe \(result.candidateID): \(error)")
            }
        }
        func budgetLeft() -> Int? { request.budget.candidates.map { max(0, $0 - counted) } }
        func outOfTime() -> Bool { request.budget.seconds.map { elapsed() >= $0 } ?? false }

        search: while true {
            if shouldStop() { stoppedBecause = "interrupted"; break }
            if let left = budgetLeft(), left == 0 { stoppedBecause = "budget"; break }
            if outOfTime() { stoppedBecause = "time"; break }
            let width = min(request.compileWidth, budgetLeft() ?? request.compileWidth)
            progress(.step("asking \(request.strategy.id) for candidates"))
            let proposal: PluginCallResult
            do {
                proposal = try session.propose(max: width)
            } catch {
                stoppedBecause = "strategy failed"
                note("strategy \(request.strategy.id) failed to propose: \(error)")
                break
            }
            for diagnostic in proposal.diagnostics where diagnostic.level >= .warning {
                note("strategy \(request.strategy.id): \(diagnostic)")
            }
            var artifacts = proposal.artifacts
            if artifacts.isEmpty { stoppedBecause = "strategy done"; break }
            if artifacts.count > width {
                note("strategy \(request.strategy.id) proposed \(artifacts.count) candidates when asked for at most \(width); the extra ones are ignored")
                artifacts = Array(artifacts.prefix(width))
            }

            // Read each candidate and look it up in the records (serial: the
            // database is used from this thread only).
            var batch: [Candidate] = []
            for artifact in artifacts {
                var candidate = Candidate(id: artifact.name, index: results.count + batch.count)
                if seenIDs.contains(artifact.name) {
                    candidate.result = invalid(artifact.name, "candidate id '\(artifact.name)' was already used in this run; ids must be unique")
                } else if artifact.mediaType != "application/vnd.akg.candidate+json" {
                    candidate.result = invalid(artifact.name, "candidate artifact has media type '\(artifact.mediaType)', not application/vnd.akg.candidate+json")
                } else {
                    do {
                        let plan = try space.plan(for: artifact.data)
                        candidate.plan = plan
                        candidate.candidateHash = SHA256.hex(plan.canonicalText)
                        if let earlier = byCandidate[candidate.candidateHash] {
                            candidate.result = duplicate(of: earlier, id: artifact.name)
                        } else if batch.contains(where: { $0.candidateHash == candidate.candidateHash && $0.result == nil }) {
                            candidate.sameCodeAsEarlier = true
                        } else if !request.fresh, let record = try request.database.measurement(context: context, candidateHash: candidate.candidateHash) {
                            candidate.result = CandidateResult(record: record, id: artifact.name)
                        }
                    } catch let error as CandidateError {
                        candidate.result = invalid(artifact.name, error.description)
                        candidate.candidateHash = SHA256.hex(artifact.text)
                    }
                }
                seenIDs.insert(artifact.name)
                batch.append(candidate)
            }

            // Schedule and generate in parallel: each schedule has its own isl context.
            progress(.step("scheduling and generating \(batch.filter { $0.result == nil }.count) candidate(s)"))
            batch = parallelMap(batch) { candidate in
                var candidate = candidate
                guard candidate.result == nil, !candidate.sameCodeAsEarlier, let plan = candidate.plan else { return candidate }
                let start = DispatchTime.now().uptimeNanoseconds
                do {
                    switch plan {
                    case .source(let text):
                        guard request.referenceBackend == nil else {
                            throw TuningError(description: "\(request.backend.id) builds only the sources its own generate() emits; a candidate's C source cannot be built by it")
                        }
                        candidate.source = text
                    case .configuration(let scheduler, let knobs):
                        var candidateOptions = options
                        candidateOptions.scheduler = try SchedulerConfiguration.parse(Data(scheduler.canonicalText.utf8))
                        let scheduled = try KernelPipeline.schedule(file: request.file, options: candidateOptions)
                        candidate.notes = scheduled.notes.map { "scheduler: \($0)" }
                        let encoder = JSONEncoder()
                        encoder.outputFormatting = [.sortedKeys]
                        let generated = try backend.generate(format: AKG_FORMAT_AST_JSON, program: Array(try encoder.encode(scheduled.document)),
                                                             options: JSONValue.object(knobs).canonicalText)
                        guard let source = GeneratedCandidate(artifacts: generated.artifacts) else {
                            throw TuningError(description: "\(request.backend.id) generate() emitted no kernel.c nor any other source")
                        }
                        candidate.source = source.text
                        if case .nativeSources(_, let all) = source { candidate.nativeSources = all }
                        candidate.fileName = source.fileName
                    }
                } catch {
                    candidate.result = self.failed(candidate, status: "error", refusal: nil, message: "\(error)")
                }
                // Not in a defer: a defer would run after the copy is returned.
                candidate.compileSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                return candidate
            }

            // Same code as something measured already: no need to build or measure it.
            for position in batch.indices where batch[position].result == nil {
                guard let source = batch[position].source else { continue }
                let hash = SHA256.hex(source)
                if let earlier = byCode[hash] {
                    batch[position].result = duplicate(of: earlier, id: batch[position].id)
                } else if batch[..<position].contains(where: { $0.result == nil && $0.source.map(SHA256.hex) == hash }) {
                    // Measured by the earlier one in this batch; marked a duplicate then.
                    batch[position].sameCodeAsEarlier = true
                } else if !request.fresh, let record = try request.database.measurement(context: context, codeHash: hash) {
                    batch[position].result = CandidateResult(record: record, id: batch[position].id)
                }
            }

            progress(.step("building \(batch.filter { $0.result == nil }.count) candidate(s)"))
            batch = parallelMap(batch) { candidate in
                var candidate = candidate
                guard candidate.result == nil, !candidate.sameCodeAsEarlier, let source = candidate.source else { return candidate }
                let start = DispatchTime.now().uptimeNanoseconds
                do {
                    if let sources = candidate.nativeSources {
                        candidate.verificationBuild = try KernelBuilder.buildGenerated(
                            label: "candidate-\(candidate.index)", sources: sources, kernel: kernel, purpose: .verification,
                            backend: self.backend, pluginPath: self.request.backend.path, in: verifier.buildDirectory)
                        if correctnessOnly == nil {
                            candidate.timingBuild = try KernelBuilder.buildGenerated(
                                label: "candidate-\(candidate.index)-timing", sources: sources, kernel: kernel, purpose: .timing,
                                backend: self.backend, pluginPath: self.request.backend.path, in: verifier.buildDirectory)
                        }
                    } else {
                        candidate.verificationBuild = try build("candidate-\(candidate.index)", source, name: "\(candidate.id).c", .verification)
                        candidate.timingBuild = try build("candidate-\(candidate.index)-timing", source, name: "\(candidate.id).c", .timing)
                    }
                } catch {
                    candidate.result = self.failed(candidate, status: "refused", refusal: RefusalKind.buildFailed.rawValue,
                                                   message: "\(error)")
                }
                candidate.compileSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                return candidate
            }

            // Measure one at a time, in proposal order.
            for candidate in batch {
                if shouldStop() { stoppedBecause = "interrupted"; break search }
                if outOfTime() { stoppedBecause = "time"; break search }
                var result: CandidateResult
                if let ready = candidate.result {
                    result = ready
                    // A within-batch duplicate is only known once the first is measured.
                } else if let earlier = byCandidate[candidate.candidateHash] ?? candidate.source.flatMap({ byCode[SHA256.hex($0)] }) {
                    result = duplicate(of: earlier, id: candidate.id)
                } else {
                    progress(.step("verifying and timing \(candidate.id)"))
                    let start = DispatchTime.now().uptimeNanoseconds
                    result = measure(candidate, verifier: verifier, reference: reference, baseline: baseline, sizes: sizes,
                                     correctnessOnly: correctnessOnly != nil)
                    result.measureSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                }
                if let hash = result.codeHash, byCode[hash] == nil, result.status != "duplicate" {
                    byCode[hash] = result
                }
                if !candidate.candidateHash.isEmpty, byCandidate[candidate.candidateHash] == nil, result.status != "duplicate" {
                    byCandidate[candidate.candidateHash] = result
                }
                if !result.fromRecords && result.status != "duplicate" {
                    let record = MeasurementRecord(result: result, session: sessionID, context: context,
                                                   strategyID: request.strategy.id, candidateHash: candidate.candidateHash,
                                                   compileSeconds: candidate.compileSeconds)
                    // Committed before the strategy hears about it: a crash now loses nothing.
                    result.recordID = try request.database.insert(record)
                }
                for folder in [candidate.verificationBuild, candidate.timingBuild].compactMap({ $0?.directory }) {
                    try? FileManager.default.removeItem(atPath: folder)
                }
                finish(result, hash: candidate.candidateHash)
            }
            if let name = batch.compactMap(\.fileName).first, !(name as NSString).pathExtension.isEmpty {
                codeExtension = "." + (name as NSString).pathExtension
            }
            quietProposals = batch.allSatisfy { $0.result?.status == "duplicate" } ? quietProposals + batch.count : 0
            if quietProposals >= 50 {
                stoppedBecause = "strategy repeats itself"
                note("the last 50 candidates all generated code measured before; stopping")
                break
            }
        }
        if let correctnessOnly { note("correctness-only: \(correctnessOnly)") }
        if correctnessOnly == nil, request.referenceBackend != nil, best != nil {
            // Finalists are rebuilt from their recorded code, which is C only.
            note("the finalists were not timed again: confirmation rebuilds C code, and \(request.backend.id) generates \(codeExtension) sources")
        }
        if stoppedBecause != "interrupted", best != nil, correctnessOnly == nil, request.referenceBackend == nil {
            progress(.step("confirming the best candidates with \(max(7, request.timingPairs)) timing pairs"))
            let finalists = confirm(results: results, defaultResult: defaultResult, build: build, verifier: verifier,
                                    baseline: baseline, sizes: sizes, note: note)
            if let winner = finalists.values.max(by: { ($0.confirmedSpeedup ?? 0) < ($1.confirmedSpeedup ?? 0) }) {
                best = winner
            }
            if let id = defaultResult?.candidateID, let confirmed = finalists[id] { defaultResult = confirmed }
            results = results.map { result in
                guard let confirmed = finalists[result.candidateID] else { return result }
                return confirmed
            }
        }
        try? request.database.finishSession(sessionID, status: stoppedBecause, best: best?.recordID)
        return TuningOutcome(kernel: kernel, context: context, strategyID: request.strategy.id, results: results,
                             elapsed: times, best: best, defaultResult: defaultResult, stoppedBecause: stoppedBecause,
                             notes: notes, startedAt: startedAt, finishedAt: Date(), space: space,
                             budget: request.budget, correctnessOnly: correctnessOnly,
                             codeFileName: "\(kernel.name)" + codeExtension)
    }

    /// Times the three best distinct candidates and the default configuration
    /// again, one after the other in this run, with more pairs; returns them
    /// by candidate id with `confirmedSpeedup` set.
    private func confirm(results: [CandidateResult], defaultResult: CandidateResult?,
                         build: (String, String, String, BuildPurpose) throws -> BuiltKernel,
                         verifier: Verifier, baseline: BuiltKernel, sizes: [String: Int],
                         note: (String) -> Void) -> [String: CandidateResult] {
        var finalists: [CandidateResult] = []
        var codes = Set<String>()
        for result in results.sorted(by: { ($0.speedup ?? 0) > ($1.speedup ?? 0) })
        where result.status == "ok" && result.duplicateOf == nil && result.code != nil {
            guard finalists.count < 3, let hash = result.codeHash, !codes.contains(hash) else { continue }
            codes.insert(hash)
            finalists.append(result)
        }
        if let defaultResult, defaultResult.status == "ok", let hash = defaultResult.codeHash, !codes.contains(hash),
           defaultResult.code != nil {
            finalists.append(defaultResult)
        }
        guard finalists.count > 1 else { return [:] }
        var confirmed: [String: CandidateResult] = [:]
        for (index, finalist) in finalists.enumerated() {
            do {
                let timing = try build("confirm-\(index)", finalist.code ?? "", "\(finalist.candidateID).c", .timing)
                defer { try? FileManager.default.removeItem(atPath: timing.directory) }
                let profile = try verifier.profile(baseline: baseline, candidate: timing, values: sizes,
                                                   pairs: max(7, request.timingPairs))
                var result = finalist
                result.confirmedSpeedup = profile.medianSpeedup
                // Report times from the same measurement as the speedup.
                result.seconds = Double(profile.candidateMedianNanoseconds) / 1e9
                result.baselineSeconds = Double(profile.baselineMedianNanoseconds) / 1e9
                confirmed[finalist.candidateID] = result
            } catch {
                note("could not time \(finalist.candidateID) again: \(error)")
            }
        }
        return confirmed
    }

    private func invalid(_ id: String, _ message: String) -> CandidateResult {
        CandidateResult(candidateID: id, status: "invalid", speedup: nil, seconds: nil, baselineSeconds: nil, refusal: nil,
                        message: message, codeHash: nil, duplicateOf: nil, fromRecords: false, notes: [], code: nil,
                        candidate: nil, schedulerDocument: nil, recordID: nil)
    }

    private func failed(_ candidate: Candidate, status: String, refusal: String?, message: String) -> CandidateResult {
        var result = invalid(candidate.id, message)
        result.status = status
        result.refusal = refusal
        result.notes = candidate.notes
        result.code = candidate.source
        result.codeHash = candidate.source.map(SHA256.hex)
        result.candidate = candidate.plan?.canonicalText
        if case .configuration(let scheduler, _)? = candidate.plan { result.schedulerDocument = scheduler.canonicalText }
        return result
    }

    private func duplicate(of earlier: CandidateResult, id: String) -> CandidateResult {
        var result = earlier
        result.candidateID = id
        result.status = "duplicate"
        result.duplicateOf = earlier.candidateID
        result.message = "generates the same code as \(earlier.candidateID) (\(earlier.status)); not measured again"
        result.recordID = nil
        return result
    }

    /// Verifies and times one built candidate.
    private func measure(_ candidate: Candidate, verifier: Verifier, reference: BuiltKernel, baseline: BuiltKernel,
                         sizes: [String: Int], correctnessOnly: Bool) -> CandidateResult {
        var result = failed(candidate, status: "refused", refusal: nil, message: "")
        if correctnessOnly, let verification = candidate.verificationBuild {
            do {
                let report = try verifier.verify(reference: reference, candidate: verification)
                guard report.accepted else {
                    result.refusal = report.refusal?.rawValue
                    result.message = report.message
                    return result
                }
                result.status = "ok"
                result.message = "verified at \(report.cases.count) case(s); correctness-only, not timed"
                result.notes.append("correctness-only: \(request.backend.id)'s times are not speed on this machine")
            } catch {
                result.status = "error"
                result.message = "\(error)"
            }
            return result
        }
        guard let verification = candidate.verificationBuild, let timing = candidate.timingBuild else {
            result.status = "error"
            result.message = "the candidate was not built"
            return result
        }
        do {
            let report = try verifier.verify(reference: reference, candidate: verification)
            guard report.accepted else {
                result.refusal = report.refusal?.rawValue
                result.message = report.message
                return result
            }
            let profile = try verifier.profile(baseline: baseline, candidate: timing, values: sizes, pairs: request.timingPairs)
            if profile.medianSpeedup > KernelGeneration.suspiciousSpeedup {
                // Too good to believe at once: verify again with fresh seeds (VERIFIER.md).
                var again = request.verifier
                again.baseSeed = nil
                let second = try Verifier(kernel: verifier.kernel, options: again).verify(reference: reference, candidate: verification)
                guard second.accepted else {
                    result.refusal = second.refusal?.rawValue
                    result.message = "refused on re-verification after a \(String(format: "%.1f", profile.medianSpeedup))x speedup: \(second.message)"
                    return result
                }
                result.notes.append("speedup over \(Int(KernelGeneration.suspiciousSpeedup))x: re-verified with fresh seeds")
            }
            result.status = "ok"
            result.ratios = profile.ratios
            result.speedup = profile.medianSpeedup
            result.seconds = Double(profile.candidateMedianNanoseconds) / 1e9
            result.baselineSeconds = Double(profile.baselineMedianNanoseconds) / 1e9
            result.message = "verified at \(report.cases.count) case(s), \(String(format: "%.2f", profile.medianSpeedup))x vs original (median of \(profile.pairs) pairs)"
        } catch {
            result.status = "error"
            result.message = "\(error)"
        }
        return result
    }

    /// Identifies a kernel by its content, not its path.
    public static func kernelHash(_ kernel: KernelDocument) -> String {
        var anonymous = kernel
        anonymous.file = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SHA256.hex(Array((try? encoder.encode(anonymous)) ?? Data()))
    }

    /// Identifies a machine by what the backend reports about it: device,
    /// memory hierarchy, vector unit and compilers.
    public static func machineFingerprint(_ capabilities: JSONValue) -> String {
        let facts = JSONValue.object(["device": capabilities["device"] ?? .null, "memory": capabilities["memory"] ?? .null,
                                      "vector": capabilities["vector"] ?? .null, "compilers": capabilities["compilers"] ?? .null])
        return String(SHA256.hex(facts.canonicalText).prefix(16))
    }
}

/// A tuning run that cannot start; says why.
public struct TuningError: Error, CustomStringConvertible {
    public var description: String
}

/// `transform` over `items` on several threads, results in order.
private func parallelMap<T>(_ items: [T], _ transform: (T) -> T) -> [T] {
    guard items.count > 1 else { return items.map(transform) }
    var output = items
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        let value = transform(items[index])
        lock.withLock { output[index] = value }
    }
    return output
}

extension CandidateResult {
    /// A result read back from the tuning database.
    init(record: MeasurementRecord, id: String) {
        self.init(candidateID: id, status: record.status, speedup: record.speedup,
                  seconds: record.candidateNanoseconds.map { Double($0) / 1e9 },
                  baselineSeconds: record.baselineNanoseconds.map { Double($0) / 1e9 },
                  refusal: record.refusal, message: record.message, codeHash: record.codeHash, duplicateOf: nil,
                  fromRecords: true, notes: [], code: record.code, candidate: record.candidate,
                  schedulerDocument: record.config, recordID: record.id, ratios: record.ratios,
                  measureSeconds: record.measureSeconds)
    }
}

extension MeasurementRecord {
    init(result: CandidateResult, session: Int64, context: TuningContext, strategyID: String, candidateHash: String,
         compileSeconds: Double) {
        self.init(id: nil, session: session, context: context, strategyID: strategyID, candidateID: result.candidateID,
                  candidate: result.candidate ?? "", candidateHash: candidateHash, config: result.schedulerDocument,
                  codeHash: result.codeHash, code: result.code, status: result.status, refusal: result.refusal,
                  message: result.message, speedup: result.speedup,
                  candidateNanoseconds: result.seconds.map { Int64($0 * 1e9) },
                  baselineNanoseconds: result.baselineSeconds.map { Int64($0 * 1e9) },
                  ratios: result.ratios, compileSeconds: compileSeconds, measureSeconds: result.measureSeconds,
                  createdAt: Date())
    }
}
