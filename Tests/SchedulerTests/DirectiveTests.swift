import Foundation
import Testing
import Polyhedral

@Suite struct DirectiveTests {
    @Test func directiveBreakingADependenceIsRefused() throws {
        let (model, dependences) = try Suite.load("stencils/jacobi-1d.c")
        var configuration = SchedulerConfiguration()
        configuration.directives = ["S0": .init(parallel: ["t"])]
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        #expect(result.notes.contains { $0.contains("directive refused: S0 parallel t") }, "\(result.notes)")
        try checkLegality(schedule: result.schedule, dependences: dependences)
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences)
        #expect(!marks(ast.root).contains("parallel"))
    }

    @Test func legalParallelDirectiveBecomesAMarkedParallelLoop() throws {
        let (model, dependences) = try Suite.load("linear-algebra/gemm.c")
        var configuration = SchedulerConfiguration()
        configuration.directives = ["S1": .init(parallel: ["j"])]
        let result = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        #expect(result.notes.isEmpty, "\(result.notes)")
        let ast = try model.generateAST(schedule: result.schedule, dependences: dependences)
        #expect(marks(ast.root).contains("parallel"))
    }

    @Test func unknownStatementOrLoopInADirectiveIsAnError() throws {
        let (model, dependences) = try Suite.load("linear-algebra/gemm.c")
        var configuration = SchedulerConfiguration()
        configuration.directives = ["S7": .init(parallel: ["i"])]
        #expect(throws: SchedulerConfigurationError.self) {
            try model.schedule(dependences: dependences, configuration: configuration, target: nil)
        }
        configuration.directives = ["S1": .init(vector: ["q"])]
        do {
            _ = try model.schedule(dependences: dependences, configuration: configuration, target: nil)
            Issue.record("an unknown loop was accepted")
        } catch let error as SchedulerConfigurationError {
            #expect(error.path == "directives.S1.vector[0]")
            #expect(error.message.contains("i, j, k"))
        }
    }
}
