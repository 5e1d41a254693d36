import Foundation
import Testing
import Formats
import ISL
import Polyhedral

/// Grid marks for accelerator backends (`gpu.block(…)`, `npu.core(…)`): where
/// the scheduler puts them, where the target's facts ask for them, and the
/// legality check that keeps them off loops that carry a dependence.
@Suite struct MappingMarkTests {
    /// heat-3d: the time loop carries every dependence, the three space
    /// loops inside it none — they are the grid, twice (one per statement).
    @Test func gpuMappingMarksTheDependenceFreeBandInsideTheTimeLoop() throws {
        let (model, dependences) = try Suite.load("stencils/heat-3d.c")
        var configuration = SchedulerConfiguration()
        configuration.mapping = .gpuBlocksThreads
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        try checkLegality(schedule: result.schedule, dependences: dependences)
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences,
                                        options: result.astOptions ?? ScheduleOptions())
        let grid = marks(ast.root).filter { $0.hasPrefix("gpu.block(") }
        #expect(grid == ["gpu.block(z,y,x)", "gpu.block(z,y,x)"], "\(marks(ast.root))")
        // The time loop is outside every grid: it carries the dependences.
        guard case .forLoop(let time) = ast.root else {
            Issue.record("the time loop is not outermost: \(ast.root)")
            return
        }
        #expect(!time.dependenceFree)
        #expect(!result.notes.contains { $0.contains("mapping mark removed") }, "\(result.notes)")
    }

    /// seidel-2d: no loop is dependence-free as the default configuration
    /// schedules it, so on an accelerator it would be one sequential
    /// program. Skewed, its permutable band becomes a sequential loop over
    /// wavefronts around a 2-D grid, which the legality check keeps; the
    /// OpenMP schedule is not affected, and floyd-warshall, whose only
    /// permutable band lies inside its sequential `k` loop, gets no wavefront.
    @Test func aFullySequentialNestBecomesAWavefrontAroundAGrid() throws {
        let (model, dependences) = try Suite.load("stencils/seidel-2d.c")
        var configuration = SchedulerConfiguration()
        configuration.mapping = .gpuBlocksThreads
        // An H100's L2: the band stays untiled, as `gen --backend triton` schedules it.
        let gpu = TargetFacts(l2Bytes: 52_428_800, mapping: .gpuBlocksThreads)
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: gpu)
        try checkLegality(schedule: result.schedule, dependences: dependences)
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences,
                                        options: result.astOptions ?? ScheduleOptions())
        #expect(marks(ast.root).filter { $0.hasPrefix("gpu.block(") } == ["gpu.block(y,x)"], "\(marks(ast.root))")
        #expect(result.notes.contains { $0.contains("wavefront for the accelerator grid") }, "\(result.notes)")
        guard case .forLoop(let wavefronts) = ast.root else {
            Issue.record("the wavefront loop is not outermost: \(ast.root)")
            return
        }
        #expect(!wavefronts.dependenceFree)

        var openmp = SchedulerConfiguration()
        openmp.mapping = .openmp
        let cpu = try model.schedule(dependences: dependences, configuration: openmp, target: gpu)
        #expect(!cpu.notes.contains { $0.contains("wavefront for the accelerator grid") }, "\(cpu.notes)")

        let (floyd, floydDependences) = try Suite.load("medley/floyd-warshall.c")
        let sequential = try floyd.schedule(dependences: floydDependences, configuration: configuration, target: gpu)
        let floydAST = try floyd.generateAST(schedule: sequential.schedule, dependences: floydDependences,
                                             options: sequential.astOptions ?? ScheduleOptions())
        #expect(marks(floydAST.root).filter { $0.hasPrefix("gpu.block(") }.isEmpty, "\(marks(floydAST.root))")
    }

    /// The target's mapping applies when the document names none; a
    /// document's `target.mapping` wins over it.
    @Test func theTargetsMappingAppliesUnlessTheDocumentNamesOne() throws {
        let (model, dependences) = try Suite.load("stencils/heat-3d.c")
        let npu = TargetFacts(mapping: .npuCoresBuffers)
        func gridMarks(_ configuration: SchedulerConfiguration) throws -> [String] {
            let result = try model.schedule(dependences: dependences, configuration: configuration, target: npu)
            let ast = try model.generateAST(schedule: result.schedule, dependences: dependences,
                                            options: result.astOptions ?? ScheduleOptions())
            return marks(ast.root).filter { $0.hasPrefix("npu.core(") || $0.hasPrefix("gpu.block(") }
        }
        #expect(try gridMarks(SchedulerConfiguration()) == ["npu.core(z,y,x)", "npu.core(z,y,x)"])
        let openmp = try SchedulerConfiguration.parse(Data(#"{"version": 1, "target": {"mapping": "openmp"}}"#.utf8))
        #expect(try gridMarks(openmp).isEmpty)
    }

    /// A grid mark above a band whose first member carries dependences (the
    /// time loop of jacobi-1d) is rejected by the checker.
    @Test func aGridMarkOnACarryingBandIsRejected() throws {
        let (model, dependences) = try Suite.load("stencils/jacobi-1d.c")
        let original = try model.schedule(fromMap: "[tsteps, n] -> { S0[t, i] -> [t, 0, i]; S1[t, i] -> [t, 1, i] }")
        try checkLegality(schedule: original, dependences: dependences)
        expectIllegalMark(try original.insertingMark("gpu.block(z,y,x)"), dependences, mark: "gpu.block(z,y,x)",
                          "a grid mark over the time loop")
    }

    /// The check looks at every member of the marked band, not only the
    /// first: in gemm's source order `[i, 0|1, …]` the row loop `i` is free,
    /// but the second member orders `C *= beta` before the sum into the same
    /// row, so a grid over the whole band would race. (The scheduler's own
    /// grid marks pass the same check: the heat-3d test above.)
    @Test func everyMemberOfAGridBandIsChecked() throws {
        let (model, dependences) = try Suite.load("linear-algebra/gemm.c")
        let original = try model.schedule(
            fromMap: "[ni, nj, nk] -> { S0[i, j] -> [i, 0, j, 0]; S1[i, k, j] -> [i, 1, k, j] }")
        try checkLegality(schedule: original, dependences: dependences)
        expectIllegalMark(try original.insertingMark("gpu.block(z,y,x)"), dependences, mark: "gpu.block(z,y,x)",
                          "a grid mark over a band with a carrying second member")
    }
}
