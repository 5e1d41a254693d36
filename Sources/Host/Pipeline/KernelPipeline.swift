import Formats
import Foundation
import FrontEnd
import ISL
import Polyhedral

/// The stages a kernel goes through, in order; each can be dumped.
public enum PipelineStage: String, CaseIterable, Sendable {
    /// The kernel as parsed: signature, arrays, statements.
    case parse
    /// The polyhedral model: domains, accesses, original schedule.
    case model
    /// Value-based dependences: RAW, WAR, WAW.
    case deps
    /// The computed (and legality-checked) schedule tree.
    case schedule
    /// The AST generated from the schedule, as C-like text.
    case ast
}

/// What to do with a kernel file.
public struct KernelPipelineOptions: Sendable {
    public var defines: [String] = []
    public var includePaths: [String] = []
    public var kernelName: String?
    /// The scheduler configuration (docs/scheduler.md); the default one
    /// unless `--preset`/`--config` say otherwise.
    public var scheduler = SchedulerConfiguration()
    /// The target the scheduler tiles for, from the backend's capabilities.
    public var target: TargetFacts?

    public init() {}
}

/// A kernel carried through scheduling: everything a backend needs.
public struct ScheduledKernel {
    public var kernel: KernelDocument
    public var document: AstDocument
    /// Seconds spent in each stage, in pipeline order.
    public var timings: [(stage: PipelineStage, seconds: Double)]
    /// What the scheduler wants the user to know: refused directives,
    /// fallbacks to source order, wavefronts applied.
    public var notes: [String]
}

/// The host's pipeline from a C file to a scheduled Loop AST. Reads top to
/// bottom as the list of passes; `observe` sees each stage's output as text
/// (for `--dump-after`) right after the stage runs.
public enum KernelPipeline {
    public static func schedule(
        file: String, options: KernelPipelineOptions,
        observe: (PipelineStage, () -> String) -> Void = { _, _ in }
    ) throws -> ScheduledKernel {
        var timings: [(PipelineStage, Double)] = []
        func stage<T>(_ stage: PipelineStage, _ body: () throws -> T) rethrows -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try body()
            timings.append((stage, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            return result
        }

        let kernel = try stage(.parse) { try parseOnly(file: file, options: options) }
        observe(.parse) { kernel.summary() }

        let model = try stage(.model) { try PolyhedralModel(polyhedralInput(of: kernel)) }
        observe(.model) { modelText(model) }

        let dependences = try stage(.deps) { try Dependences(model: model) }
        observe(.deps) { dependences.description }

        // `schedule` proves every schedule it returns (computed, preset or
        // configured) against every dependence before returning it; a second
        // check here cost a fifth of deriche's scheduling time.
        let result = try stage(.schedule) {
            try model.schedule(dependences: dependences, configuration: options.scheduler, target: options.target)
        }
        observe(.schedule) {
            ((try? result.schedule.blockDescription()) ?? result.schedule.description)
                + result.notes.map { "\nnote: \($0)" }.joined()
        }

        let ast = try stage(.ast) {
            try model.generateAST(schedule: result.schedule, dependences: dependences,
                                  options: result.astOptions ?? ScheduleOptions(tileSize: nil))
        }
        observe(.ast) { ast.cText() }

        return ScheduledKernel(kernel: kernel, document: AstDocument(kernel: kernel, body: ast.root),
                               timings: timings, notes: result.notes)
    }

    /// Only the front end: the kernel as the user wrote it (for verifying a
    /// candidate against it).
    public static func parseOnly(file: String, options: KernelPipelineOptions) throws -> KernelDocument {
        try FrontEnd.parse(file: file, options: FrontEndOptions(
            defines: options.defines, includePaths: options.includePaths, kernelName: options.kernelName))
    }

    /// The front end's isl texts, as the polyhedral layer takes them.
    static func polyhedralInput(of kernel: KernelDocument) -> PolyhedralInput {
        PolyhedralInput(
            context: kernel.context,
            statements: kernel.statements.map {
                PolyhedralStatement(name: $0.name, domain: $0.domain, reads: $0.reads, writes: $0.writes)
            },
            originalSchedule: kernel.originalSchedule)
    }

    private static func modelText(_ model: PolyhedralModel) -> String {
        """
        context:           \(model.params)
        domain:            \(model.domain)
        reads:             \(model.reads)
        writes:            \(model.writes)
        original schedule: \(model.originalScheduleMap)

        """
    }
}
