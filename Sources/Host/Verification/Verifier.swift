import Formats
import Foundation

/// Why a candidate was refused. Each kind has its own `akg-host` exit status
/// (docs/verification.md), so scripts can tell them apart.
public enum RefusalKind: String, Codable, Sendable, CaseIterable {
    case buildFailed = "build-failed"
    case wrongResult = "wrong-result"
    case wroteInput = "wrote-input"
    case outOfBounds = "out-of-bounds"
    case crashed
    case timedOut = "timeout"
    case outOfMemory = "out-of-memory"
    case calledExit = "called-exit"
    case referenceFailed = "reference-failed"

    public var exitCode: Int32 {
        switch self {
        case .buildFailed: return 10
        case .wrongResult: return 11
        case .wroteInput: return 12
        case .outOfBounds: return 13
        case .crashed: return 14
        case .timedOut: return 15
        case .outOfMemory: return 16
        case .calledExit: return 17
        case .referenceFailed: return 18
        }
    }
}

/// Settings of one verification.
public struct VerifierOptions: Sendable {
    /// Random input sets per parameter point.
    public var seedsPerPoint = 2
    /// Fixes the seeds (for replaying a refusal); nil draws fresh ones, so a
    /// kernel cannot replay stored outputs.
    public var baseSeed: UInt64?
    /// Wall-clock limit of one runner process.
    public var timeLimit: Double = 120
    /// Address-space limit of the runner while kernels run.
    public var memoryLimitBytes = 4 << 30
    /// Per-dtype tolerance overrides.
    public var tolerances: [String: Tolerance] = [:]
    /// Parameter values to use as the real size instead of the largest the
    /// declared extents allow.
    public var realSize: [String: Int]?
    /// Threads kernels may use (OMP_NUM_THREADS).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The runner executable.
    public var runnerPath: String
    /// Keep the built kernels and job files for inspection.
    public var keepFiles = false

    public init(runnerPath: String) {
        self.runnerPath = runnerPath
    }
}

/// One parameter point and seed, and what happened there.
public struct VerificationCase: Codable, Sendable {
    public var parameters: [String: Int]
    public var seed: UInt64
    public var refusal: RefusalKind?
    public var message: String?
    public var comparisons: [TensorComparison]
}

/// The verdict on a candidate, with the evidence.
public struct VerificationReport: Codable, Sendable {
    public var kernel: String
    public var accepted: Bool
    public var refusal: RefusalKind?
    public var message: String
    public var cases: [VerificationCase]
    public var networkIsolated: Bool
    /// What confined the candidate in every run (the weakest run counts);
    /// absent in reports written before the runner reported it.
    public var containment: ContainmentReport?
    /// Some accepted output differed from the reference within tolerance:
    /// the tolerance, not exact equality, decided.
    public var toleranceWasDeciding: Bool
    public var threads: Int
}

/// The verifier of VERIFIER.md: runs the reference and a candidate in the
/// sandboxed runner on the same seeded inputs at several parameter points and
/// accepts the candidate only if every output matches and no anti-cheat check
/// fires. Written as if every candidate were trying to cheat.
public final class Verifier {
    public let kernel: KernelDocument
    public let options: VerifierOptions
    let workDirectory: String
    private var seedCounter: UInt64
    /// Each backend plugin's declared sandbox needs, asked once.
    private var sandboxDeclarations: [String: ConfinementPolicy.Declaration] = [:]
    var seedCounterForProfile: UInt64 = 0

    public init(kernel: KernelDocument, options: VerifierOptions) throws {
        self.kernel = kernel
        self.options = options
        workDirectory = NSTemporaryDirectory() + "akg-verify-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        var system = SystemRandomNumberGenerator()
        seedCounter = options.baseSeed ?? system.next()
    }

    deinit {
        if !options.keepFiles { try? FileManager.default.removeItem(atPath: workDirectory) }
    }

    /// The directory builds should go to (removed with the verifier).
    public var buildDirectory: String { workDirectory }

    /// The parameter points verification uses, smallest first.
    public func parameterPoints() throws -> [[Int]] {
        let selection = try ParameterSelection(kernel: kernel)
        let real = options.realSize.map { sizes in selection.names.map { sizes[$0] ?? 1 } }
        return try selection.points(realSize: real)
    }

    /// Verifies `candidate` against `reference`; stops at the first refusal.
    public func verify(reference: BuiltKernel, candidate: BuiltKernel,
                       progress: (String) -> Void = { _ in }) throws -> VerificationReport {
        let points = try parameterPoints()
        var cases: [VerificationCase] = []
        var isolated = true
        var contained: ContainmentReport?
        var deciding = false
        for (pointIndex, point) in points.enumerated() {
            // The real size is the slowest point; one seed there is enough.
            let seeds = pointIndex == points.count - 1 && points.count > 1 ? 1 : options.seedsPerPoint
            for _ in 0..<seeds {
                seedCounter &+= 0x9E37_79B9
                let values = Dictionary(uniqueKeysWithValues: zip(kernel.integerParameters, point))
                progress("verifying at \(describe(values)) with seed \(seedCounter)")
                let outcome = try runCase(values: values, seed: seedCounter, reference: reference, candidate: candidate)
                isolated = isolated && outcome.networkIsolated
                contained = contained.map { $0.meet(outcome.containment) } ?? outcome.containment
                cases.append(outcome.verdict)
                deciding = deciding || outcome.verdict.comparisons.contains { $0.toleranceWasDeciding }
                if let refusal = outcome.verdict.refusal {
                    return VerificationReport(kernel: kernel.name, accepted: false, refusal: refusal,
                                              message: outcome.verdict.message ?? refusal.rawValue, cases: cases,
                                              networkIsolated: isolated, containment: contained, toleranceWasDeciding: deciding,
                                              threads: options.threads)
                }
            }
        }
        return VerificationReport(kernel: kernel.name, accepted: true, refusal: nil,
                                  message: "accepted at \(points.count) parameter point(s), \(cases.count) input set(s)",
                                  cases: cases, networkIsolated: isolated, containment: contained, toleranceWasDeciding: deciding,
                                  threads: options.threads)
    }

    func describe(_ values: [String: Int]) -> String {
        values.isEmpty ? "no parameters"
            : kernel.integerParameters.compactMap { name in values[name].map { "\(name)=\($0)" } }.joined(separator: " ")
    }

    // MARK: - One case

    /// The tensors and scalar arguments of one parameter point and seed.
    struct Setup {
        var arena: TensorArena
        var arguments: [RunnerJob.Argument]
        /// Per tensor parameter: its index in `arguments`, name, type, shape, usage.
        var tensors: [(argument: Int, name: String, type: ElementType, shape: [Int], usage: KernelArrayUsage)]
        var initial: [[UInt8]]
    }

    func makeSetup(values: [String: Int], seed: UInt64) throws -> Setup {
        var random = SeededGenerator(seed: seed)
        var tensors: [(Int, String, ElementType, [Int], KernelArrayUsage)] = []
        var byteCounts: [Int] = []
        var arguments: [RunnerJob.Argument] = []
        let usage = Dictionary(kernel.arrays.map { ($0.name, $0.usage) }, uniquingKeysWith: { a, _ in a })
        for parameter in kernel.parameters {
            let type = ElementType(parameter.type)
            if let shape = parameter.shape {
                let extents = try shape.map { try evaluateExtent($0, values) }
                let elements = extents.reduce(1) { $0 * max($1, 0) }
                tensors.append((arguments.count, parameter.name, type, extents, usage[parameter.name] ?? .read))
                byteCounts.append(elements * type.byteCount)
                arguments.append(.init(name: parameter.name, kind: .tensor, dtype: type.rawValue,
                                       shape: extents.map(Int64.init)))
            } else if let value = values[parameter.name] {
                arguments.append(.init(name: parameter.name, kind: .int, dtype: type.rawValue, intValue: Int64(value)))
            } else if type.isFloatingPoint {
                // Scalars such as alpha and beta: away from 0, so they matter.
                arguments.append(.init(name: parameter.name, kind: .float, dtype: type.rawValue,
                                       floatValue: Double.random(in: 0.5..<1.5, using: &random)))
            } else {
                arguments.append(.init(name: parameter.name, kind: .int, dtype: type.rawValue,
                                       intValue: Int64.random(in: 1...9, using: &random)))
            }
        }
        let arena = try TensorArena(byteCounts: byteCounts)
        for (slot, tensor) in tensors.enumerated() {
            arguments[tensor.0].offset = arena.slots[slot].offset
            let buffer = arena.bytes(slot)
            if tensor.4 == .write { tensor.2.fillOutput(buffer) } else { tensor.2.fillInput(buffer, &random) }
        }
        let initial = tensors.indices.map { Array(UnsafeRawBufferPointer(arena.bytes($0))) }
        return Setup(arena: arena, arguments: arguments, tensors: tensors.map { ($0.0, $0.1, $0.2, $0.3, $0.4) },
                     initial: initial)
    }

    struct CaseOutcome {
        var verdict: VerificationCase
        var networkIsolated: Bool
        var containment: ContainmentReport
    }

    func runCase(values: [String: Int], seed: UInt64, reference: BuiltKernel,
                 candidate: BuiltKernel) throws -> CaseOutcome {
        let setup = try makeSetup(values: values, seed: seed)
        var verdict = VerificationCase(parameters: values, seed: seed, refusal: nil, message: nil, comparisons: [])
        let where_ = "at \(describe(values)), seed \(seed)"

        let referenceRun = try runJob(kernels: [reference], setup: setup, runs: [.init(kernel: 0, warmups: 0, repetitions: 1, restoreInputs: false)])
        if let failure = classify(referenceRun) {
            verdict.refusal = .referenceFailed
            verdict.message = "the reference itself failed \(where_): \(failure.message); the kernel cannot be verified there"
            return CaseOutcome(verdict: verdict, networkIsolated: referenceRun.result?.networkIsolated ?? false,
                               containment: referenceRun.result?.containment ?? .none)
        }
        let referenceOutputs = setup.tensors.indices.map { Array(UnsafeRawBufferPointer(setup.arena.bytes($0))) }

        // The candidate sees exactly the inputs the reference saw.
        for index in setup.tensors.indices {
            setup.initial[index].withUnsafeBytes { setup.arena.bytes(index).copyMemory(from: $0) }
        }
        let candidateRun = try runJob(kernels: [candidate], setup: setup, runs: [.init(kernel: 0, warmups: 0, repetitions: 1, restoreInputs: false)])
        let isolated = candidateRun.result?.networkIsolated ?? false
        let contained = candidateRun.result?.containment ?? .none
        if let failure = classify(candidateRun) {
            verdict.refusal = failure.kind
            verdict.message = "\(candidate.label) \(failure.message) \(where_)"
            return CaseOutcome(verdict: verdict, networkIsolated: isolated, containment: contained)
        }
        for (index, tensor) in setup.tensors.enumerated() where !setup.arena.canaryIntact(index) {
            verdict.refusal = .outOfBounds
            verdict.message = "\(candidate.label) wrote before the start of '\(tensor.name)' \(where_)"
            return CaseOutcome(verdict: verdict, networkIsolated: isolated, containment: contained)
        }
        for (index, tensor) in setup.tensors.enumerated() where tensor.usage == .read {
            let now = UnsafeRawBufferPointer(setup.arena.bytes(index))
            if !now.elementsEqual(setup.initial[index]) {
                verdict.refusal = .wroteInput
                verdict.message = "\(candidate.label) modified the read-only input '\(tensor.name)' \(where_)"
                return CaseOutcome(verdict: verdict, networkIsolated: isolated, containment: contained)
            }
        }
        for (index, tensor) in setup.tensors.enumerated() where tensor.usage != .read {
            let tolerance = options.tolerances[tensor.type.rawValue] ?? Tolerance.defaults(for: tensor.type)
            let comparison = referenceOutputs[index].withUnsafeBytes { reference in
                OutputComparator.compare(name: tensor.name, type: tensor.type, shape: tensor.shape,
                                         reference: reference, candidate: UnsafeRawBufferPointer(setup.arena.bytes(index)),
                                         tolerance: tolerance)
            }
            verdict.comparisons.append(comparison)
            if !comparison.passed && verdict.refusal == nil {
                verdict.refusal = .wrongResult
                var text = "\(candidate.label) computes '\(tensor.name)' wrongly \(where_): \(comparison.mismatches) of \(comparison.elements) elements outside tolerance"
                if let index = comparison.worstIndex, let r = comparison.worstReference, let c = comparison.worstCandidate {
                    text += "; worst at \(tensor.name)\(index.map { "[\($0)]" }.joined()): expected \(r), got \(c)"
                }
                if comparison.specialValueMismatches > 0 {
                    text += "; \(comparison.specialValueMismatches) NaN/Inf in the wrong places"
                }
                if tensor.usage == .write && comparison.missingWrites > 0 {
                    text += "; \(comparison.missingWrites) element(s) never written (still the NaN/sentinel fill)"
                }
                if tensor.usage == .write && comparison.unexpectedWrites > 0 {
                    text += "; \(comparison.unexpectedWrites) element(s) written that the reference never writes"
                }
                verdict.message = text
            }
        }
        return CaseOutcome(verdict: verdict, networkIsolated: isolated, containment: contained)
    }

    // MARK: - Runner jobs

    struct JobRun {
        var report: ProcessReport
        var result: RunnerResult?
        /// The fault handler's line, if the runner died of a memory fault.
        var fault: String?
        var tensorNames: [String]

        /// The guard page a fault hit, described: guard K follows tensor K-1.
        var guardHit: String? {
            guard let fault, fault.hasPrefix("guard "), let index = Int(fault.dropFirst(6)) else { return nil }
            if index == 0 { return "before the first tensor ('\(tensorNames.first ?? "?")')" }
            return index - 1 < tensorNames.count ? "just past the end of '\(tensorNames[index - 1])'" : "in a guard page"
        }
    }

    struct Failure {
        var kind: RefusalKind
        var message: String
    }

    func runJob(kernels: [BuiltKernel], setup: Setup, runs: [RunnerJob.Run]) throws -> JobRun {
        let id = UUID().uuidString.prefix(8)
        let jobPath = (workDirectory as NSString).appendingPathComponent("job-\(id).json")
        let resultPath = (workDirectory as NSString).appendingPathComponent("result-\(id).json")
        let faultPath = (workDirectory as NSString).appendingPathComponent("fault-\(id).txt")
        // The kernel's only writable folder, and the runner's TMPDIR.
        let scratchPath = (workDirectory as NSString).appendingPathComponent("scratch-\(id)")
        try FileManager.default.createDirectory(atPath: scratchPath, withIntermediateDirectories: true)
        let confine = ProcessInfo.processInfo.environment["AKG_RUNNER_CONFINE"] != "0"
        let jobKernels = try kernels.map { kernel in
            RunnerJob.Kernel(plugin: kernel.pluginPath, artifacts: kernel.artifacts,
                             signature: String(decoding: try JSONEncoder().encode(kernel.signature), as: UTF8.self))
        }
        let confinement = confine ? ConfinementPolicy.confinement(
            scratchDirectory: scratchPath, kernels: jobKernels,
            declarations: kernels.map { (URL(fileURLWithPath: $0.pluginPath).lastPathComponent,
                                         sandboxDeclaration(plugin: $0.pluginPath)) }) : nil
        let job = RunnerJob(
            kernels: jobKernels,
            arguments: setup.arguments, runs: runs, arenaPath: setup.arena.path, arenaSize: setup.arena.size,
            guardRanges: setup.arena.guardRanges,
            memoryLimitBytes: options.memoryLimitBytes + 2 * setup.arena.size,
            isolateNetwork: true, confinement: confinement,
            resultPath: resultPath, faultPath: faultPath)
        try JSONEncoder().encode(job).write(to: URL(fileURLWithPath: jobPath))
        var environment = Self.runnerEnvironment(ProcessInfo.processInfo.environment)
        environment["OMP_NUM_THREADS"] = String(options.threads)
        environment["TMPDIR"] = scratchPath
        let report = try SandboxedProcess.run(options.runnerPath, [jobPath], timeLimit: options.timeLimit,
                                              environment: environment)
        let result = FileManager.default.contents(atPath: resultPath).flatMap {
            try? JSONDecoder().decode(RunnerResult.self, from: $0)
        }
        let fault = (try? String(contentsOfFile: faultPath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !options.keepFiles {
            unlink(jobPath)
            unlink(resultPath)
            unlink(faultPath)
            try? FileManager.default.removeItem(atPath: scratchPath)
        }
        return JobRun(report: report, result: result, fault: fault, tensorNames: setup.tensors.map(\.name))
    }

    /// What the backend plugin at `path` says its kernels need from the
    /// sandbox (its capabilities' `sandbox` object); nothing when it cannot
    /// be asked — the runner then confines it fully.
    func sandboxDeclaration(plugin path: String) -> ConfinementPolicy.Declaration {
        if let known = sandboxDeclarations[path] { return known }
        var declaration = ConfinementPolicy.Declaration()
        if let backend = PluginLoader.load(PluginSearchPath(explicit: [path])).plugins.first?.backend,
           let artifact = try? backend.capabilities(),
           let document = try? JSONSerialization.jsonObject(with: Data(artifact.data)) as? [String: Any] {
            declaration = ConfinementPolicy.Declaration(capabilities: document)
        }
        sandboxDeclarations[path] = declaration
        return declaration
    }

    /// The host's environment as the runner sees it: what runtimes and
    /// plugins read (locale, OpenMP, CUDA, Triton, akg's own settings), and
    /// nothing that looks like a credential — an LLM provider's API key is
    /// in the host's environment, and the runner runs code an LLM wrote.
    static func runnerEnvironment(_ host: [String: String]) -> [String: String] {
        let names: Set<String> = ["PATH", "HOME", "USER", "LANG", "TZ", "LD_LIBRARY_PATH", "PYTHONHOME", "PYTHONPATH"]
        let prefixes = ["LC_", "OMP_", "GOMP_", "KMP_", "AKG_", "CUDA_", "NVIDIA_", "TRITON_"]
        let secrets = ["KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL"]
        return host.filter { name, _ in
            let upper = name.uppercased()
            guard names.contains(name) || prefixes.contains(where: { name.hasPrefix($0) }) else { return false }
            return !secrets.contains(where: { upper.contains($0) })
        }
    }

    /// Why a runner job failed, or nil when it finished every run.
    func classify(_ run: JobRun) -> Failure? {
        let memoryBound = options.memoryLimitBytes / 2
        switch run.report.outcome {
        case .timedOut(let seconds):
            return Failure(kind: .timedOut, message: "did not finish within \(String(format: "%.0f", seconds)) s")
        case .signalled(let signal):
            if run.report.maxResidentBytes >= memoryBound {
                return Failure(kind: .outOfMemory, message: "ran out of memory (peak \(run.report.maxResidentBytes >> 20) MiB, limit \(options.memoryLimitBytes >> 20) MiB) and was \(run.report.outcome)")
            }
            if let place = run.guardHit {
                return Failure(kind: .outOfBounds, message: "accessed memory \(place) (a guard page; \(signalName(signal)))")
            }
            return Failure(kind: .crashed, message: "was \(run.report.outcome)")
        case .exited(let code):
            guard let result = run.result else {
                return Failure(kind: code == 0 ? .calledExit : .crashed,
                               message: code == 0 ? "ended the process before the runner could report (called exit?)"
                                                  : "ended the runner with status \(code): \(run.report.standardError.suffix(300))")
            }
            if result.status == "ok" && code == 0 { return nil }
            if result.status == "run", let message = result.message {
                // The backend's run reported an error (Triton's interpreter
                // raising, say): the runner stopped on purpose and says why.
                return Failure(kind: .crashed, message: "failed while running: \(message)")
            }
            if result.status == "run" {
                if run.report.maxResidentBytes >= memoryBound {
                    return Failure(kind: .outOfMemory, message: "ran out of memory (peak \(run.report.maxResidentBytes >> 20) MiB)")
                }
                return Failure(kind: .calledExit, message: "ended the process itself (exit status \(code)) instead of returning")
            }
            return Failure(kind: result.status == "run" ? .crashed : .buildFailed,
                           message: "failed in the runner's \(result.status) stage: \(result.message ?? "no detail")")
        }
    }
}
