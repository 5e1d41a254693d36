import Testing
import Formats
import ISL
@testable import Polyhedral

/// The loops of a loop AST in pre-order, with their depth.
func loops(_ node: LoopNode, depth: Int = 0) -> [(loop: ForLoop, depth: Int)] {
    switch node {
    case .forLoop(let loop): return [(loop, depth)] + loops(loop.body, depth: depth + 1)
    case .ifThen(let branch):
        return loops(branch.then, depth: depth) + (branch.else.map { loops($0, depth: depth) } ?? [])
    case .block(let children): return children.flatMap { loops($0, depth: depth) }
    case .statement: return []
    case .mark(let mark): return loops(mark.body, depth: depth)
    }
}

/// The statement calls of a loop AST in pre-order.
func statements(_ node: LoopNode) -> [StatementCall] {
    switch node {
    case .forLoop(let loop): return statements(loop.body)
    case .ifThen(let branch): return statements(branch.then) + (branch.else.map(statements) ?? [])
    case .block(let children): return children.flatMap(statements)
    case .statement(let call): return [call]
    case .mark(let mark): return statements(mark.body)
    }
}

@Suite struct SchedulingTests {
    @Test func gemmIsTiledWithParallelOuterLoop() throws {
        let model = try PolyhedralModel(Fixtures.gemm)
        let deps = try Dependences(model: model)
        let schedule = try model.computeSchedule(dependences: deps)
        try checkLegality(schedule: schedule, dependences: deps)
        let ast = try model.generateAST(schedule: schedule, dependences: deps)
        let nest = loops(ast.root)
        // Three tile loops around three point loops.
        #expect(nest.map(\.depth).max() == 5)
        #expect(ast.cText().contains("32 * c0"))
        guard let outer = nest.first else { Issue.record("no loops"); return }
        #expect(outer.depth == 0 && outer.loop.parallel)
        // Only the outermost dependence-free loop is marked parallel.
        #expect(nest.filter(\.loop.parallel).count == 1)
        // The innermost loop runs along k, which carries the reduction.
        #expect(nest.filter(\.loop.vector).isEmpty)
        #expect(nest.contains { !$0.loop.dependenceFree })
        #expect(Swift.Set(statements(ast.root).map(\.name)) == ["S0", "S1"])
        #expect(statements(ast.root).allSatisfy { $0.arguments.count == ($0.name == "S0" ? 2 : 3) })
    }

    @Test func tilingCanBeDisabled() throws {
        let model = try PolyhedralModel(Fixtures.gemm)
        let deps = try Dependences(model: model)
        let options = ScheduleOptions(tileSize: nil)
        let schedule = try model.computeSchedule(dependences: deps, options: options)
        let ast = try model.generateAST(schedule: schedule, dependences: deps, options: options)
        #expect(loops(ast.root).map(\.depth).max() == 2)
        #expect(!ast.cText().contains("32"))
    }

    @Test func parallelFlagsCanBeDisabled() throws {
        let model = try PolyhedralModel(Fixtures.triangular)
        let deps = try Dependences(model: model)
        let options = ScheduleOptions(parallel: false, vector: false)
        let ast = try model.generateAST(schedule: model.computeSchedule(dependences: deps, options: options),
                                        dependences: deps, options: options)
        #expect(loops(ast.root).allSatisfy { !$0.loop.parallel && !$0.loop.vector && $0.loop.dependenceFree })
    }

    @Test func jacobiTimeLoopIsLegal() throws {
        let model = try PolyhedralModel(Fixtures.jacobi)
        let deps = try Dependences(model: model)
        let schedule = try model.computeSchedule(dependences: deps)
        try checkLegality(schedule: schedule, dependences: deps)
        let ast = try model.generateAST(schedule: schedule, dependences: deps)
        #expect(Swift.Set(statements(ast.root).map(\.name)) == ["S0", "S1"])
        // Every loop of a time-skewed, tiled stencil carries a dependence.
        #expect(loops(ast.root).allSatisfy { !$0.loop.parallel })
        #expect(schedule.description.contains("permutable: 1"))
    }

    @Test func jacobiOriginalScheduleVectorizesSpaceLoops() throws {
        let model = try PolyhedralModel(Fixtures.jacobi)
        let deps = try Dependences(model: model)
        try checkLegality(schedule: model.originalSchedule, dependences: deps)
        let ast = try model.generateAST(schedule: model.originalSchedule, dependences: deps)
        let nest = loops(ast.root)
        #expect(nest.count == 3)
        #expect(nest[0].depth == 0 && !nest[0].loop.dependenceFree)
        // The space loops are dependence-free, but a fork per time step for
        // a single loop level costs more than it saves: vector, not parallel.
        #expect(nest.dropFirst().allSatisfy { $0.loop.dependenceFree && $0.loop.vector && !$0.loop.parallel })
    }

    @Test func triangularDomain() throws {
        let model = try PolyhedralModel(Fixtures.triangular)
        let deps = try Dependences(model: model)
        let schedule = try model.computeSchedule(dependences: deps)
        try checkLegality(schedule: schedule, dependences: deps)
        let ast = try model.generateAST(schedule: schedule, dependences: deps)
        let nest = loops(ast.root)
        #expect(nest.first?.loop.parallel == true)
        #expect(nest.filter(\.loop.parallel).count == 1)
        #expect(nest.last?.loop.vector == true)
        let calls = statements(ast.root)
        #expect(calls.count == 1 && calls[0].arguments.count == 2)
    }

    @Test func scalarAccumulatorStaysSequential() throws {
        let model = try PolyhedralModel(Fixtures.accumulator)
        let deps = try Dependences(model: model)
        let schedule = try model.computeSchedule(dependences: deps)
        try checkLegality(schedule: schedule, dependences: deps)
        let ast = try model.generateAST(schedule: schedule, dependences: deps)
        let nest = loops(ast.root)
        #expect(nest.count == 1)
        #expect(nest.allSatisfy { !$0.loop.parallel && !$0.loop.vector && !$0.loop.dependenceFree })
        #expect(statements(ast.root).map(\.name) == ["S0", "S1"])
    }

    @Test func stencilLoopCarriesDependence() throws {
        let model = try PolyhedralModel(Fixtures.stencil)
        let deps = try Dependences(model: model)
        let ast = try model.generateAST(schedule: model.computeSchedule(dependences: deps), dependences: deps)
        #expect(loops(ast.root).allSatisfy { !$0.loop.parallel && !$0.loop.vector })
    }

    @Test func originalScheduleReproducesSourceOrder() throws {
        let model = try PolyhedralModel(Fixtures.gemm)
        let deps = try Dependences(model: model)
        let ast = try model.generateAST(schedule: model.originalSchedule, dependences: deps)
        #expect(ast.cText() == """
            for (int c0 = 0; c0 < n; c0 += 1)
              for (int c1 = 0; c1 < n; c1 += 1) {
                S0(c0, c1);
                for (int c3 = 0; c3 < n; c3 += 1)
                  S1(c0, c1, c3);
              }

            """)
        let nest = loops(ast.root)
        #expect(nest.map(\.loop.parallel) == [true, false, false])
        #expect(nest.map(\.loop.dependenceFree) == [true, true, false])
    }
}
