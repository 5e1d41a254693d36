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
}
