import Testing
import Formats
import ISL
import Polyhedral

/// The bands of a schedule tree, outermost first.
func bands(_ node: ScheduleNode) throws -> [ScheduleNode] {
    var result: [ScheduleNode] = []
    if try node.type() == .band { result.append(node) }
    for position in 0..<(try node.childCount()) { result += try bands(node.child(position)) }
    return result
}

/// The loops of a loop AST in pre-order.
func loops(_ node: LoopNode) -> [ForLoop] {
    switch node {
    case .forLoop(let loop): return [loop] + loops(loop.body)
    case .ifThen(let branch): return loops(branch.then) + (branch.else.map(loops) ?? [])
    case .block(let children): return children.flatMap(loops)
    case .statement: return []
    case .mark(let mark): return loops(mark.body)
    }
}

/// The mark names of a loop AST in pre-order.
func marks(_ node: LoopNode) -> [String] {
    switch node {
    case .forLoop(let loop): return marks(loop.body)
    case .ifThen(let branch): return marks(branch.then) + (branch.else.map(marks) ?? [])
    case .block(let children): return children.flatMap(marks)
    case .statement: return []
    case .mark(let mark): return [mark.name] + marks(mark.body)
    }
}

@Suite struct KnownResultTests {
    @Test func gemmUnderPlutoIsAPermutableBandWithParallelOuterLoop() throws {
        let (model, dependences) = try Suite.load("linear-algebra/gemm.c")
        var configuration = try SchedulerConfiguration.preset("pluto")
        configuration.tiling = .off
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        let threeD = try bands(result.schedule.root()).filter { try $0.bandMemberCount() == 3 }
        #expect(threeD.count == 1)
        guard let band = threeD.first else { return }
        #expect(try band.bandIsPermutable())
        #expect(try band.bandMemberIsCoincident(0))
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences,
                                        options: result.astOptions ?? ScheduleOptions())
        // The outer loop of the three-deep nest; the two-level `C *= beta`
        // nest before it is too little work for a fork.
        let outer = loops(ast.root).first { loops($0.body).count >= 2 }
        #expect(outer?.parallel == true)
    }

    @Test func gemmUnderPlutoIsTiledWithContiguousPointLoop() throws {
        let (model, dependences) = try Suite.load("linear-algebra/gemm.c")
        let result = try model.schedule(dependences: dependences, configuration: .preset("pluto"), target: nil)
        let text = result.schedule.description
        #expect(text.contains("floor((i0)/32)"))
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences,
                                        options: result.astOptions ?? ScheduleOptions())
        // The innermost point loop runs along j: stride 1 in C and B, and dependence-free.
        #expect(loops(ast.root).last?.vector == true)
    }

    @Test(arguments: ["stencils/jacobi-1d.c", "stencils/seidel-2d.c"])
    func stencilsAreSkewedToBeTiled(kernel: String) throws {
        let (model, dependences) = try Suite.load(kernel)
        var configuration = try SchedulerConfiguration.preset("pluto")
        configuration.tiling = .off
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        let multi = try bands(result.schedule.root()).filter { try $0.bandMemberCount() >= 2 }
        #expect(!multi.isEmpty)
        for band in multi { #expect(try band.bandIsPermutable()) }
        // A skewed member combines two iterators, e.g. `i0 + i1` or `2*i0 + i1`.
        let partial = try multi.map { try $0.bandPartialSchedule().description }.joined()
        #expect(partial.range(of: #"i\d \+ (\d\*)?i\d"#, options: .regularExpression) != nil, "\(partial)")
        try checkLegality(schedule: result.schedule, dependences: dependences)
    }

    @Test func withoutSkewingStencilsKeepTimeOutermost() throws {
        let (model, dependences) = try Suite.load("stencils/seidel-2d.c")
        var configuration = SchedulerConfiguration()
        configuration.skewing = .never
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        #expect(result.schedule.description.range(of: #"i\d \+ (\d\*)?i\d"#, options: .regularExpression) == nil)
        try checkLegality(schedule: result.schedule, dependences: dependences)
    }

    /// The operator suite's kernels, through the same loader.
    private func loadOperator(_ name: String) throws -> (PolyhedralModel, Dependences) {
        try Suite.load("../ops/level1/\(name).c")
    }

    @Test func anUntiledRecurrenceRunsAlongRows() throws {
        // cumsum `Y[i][j] = Y[i][j-1] + X[i][j]`: sweeping `i` innermost
        // (dependence-free) would gather a column of a matrix too big for
        // cache per step of `j`; the untiled band keeps the stride-1 `j`.
        let (model, dependences) = try loadOperator("cumsum")
        let result = try model.schedule(dependences: dependences, configuration: SchedulerConfiguration(), target: nil)
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences,
                                        options: result.astOptions ?? ScheduleOptions())
        let all = loops(ast.root)
        #expect(all.count == 3)
        #expect(all.last?.dependenceFree == false, "the innermost loop should be the recurrence along j")
        #expect(all.dropLast().last?.dependenceFree == true)
    }

    @Test func aRecurrenceThatTilingMakesParallelKeepsRowsSideBySide() throws {
        // adi's sweeps are tiled so that tiles of rows run in parallel;
        // inside a tile the dependence-free row member stays innermost.
        let (model, dependences) = try Suite.load("stencils/adi.c")
        let result = try model.schedule(dependences: dependences, configuration: SchedulerConfiguration(), target: nil)
        #expect(result.schedule.description.contains("floor("))
    }

    @Test func reuseAlongAWindowRowDoesNotTileTheConvolution() throws {
        // depthwise_conv2d reuses `Y[n][c][p][q]` along the window row `r`,
        // but only `q` runs inside `r`: the reuse distance is one output row.
        let (depthwise, depthwiseDependences) = try loadOperator("depthwise_conv2d")
        let untiled = try depthwise.schedule(dependences: depthwiseDependences,
                                             configuration: SchedulerConfiguration(), target: nil)
        #expect(!untiled.schedule.description.contains("floor("))
        // conv2d reuses `Y` along the input channels `ci`, with a whole
        // output plane inside: that band is still tiled.
        let (conv, convDependences) = try loadOperator("conv2d")
        let tiled = try conv.schedule(dependences: convDependences, configuration: SchedulerConfiguration(), target: nil)
        #expect(tiled.schedule.description.contains("floor("))
    }
}
