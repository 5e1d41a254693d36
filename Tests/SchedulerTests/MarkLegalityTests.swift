import Testing
import ISL
import Polyhedral

@Suite struct MarkLegalityTests {
    @Test func handMadeIllegalScheduleIsRejected() throws {
        let (model, dependences) = try Suite.load("stencils/jacobi-1d.c")
        // Running time backwards breaks every dependence carried by t.
        let reversed = try model.schedule(fromMap: "[tsteps, n] -> { S0[t, i] -> [-t, 0, i]; S1[t, i] -> [-t, 1, i] }")
        #expect(throws: LegalityError.self) { try checkLegality(schedule: reversed, dependences: dependences) }
    }

    @Test func parallelMarkOnACarryingLoopIsRejected() throws {
        let (model, dependences) = try Suite.load("stencils/jacobi-1d.c")
        let original = try model.schedule(fromMap: "[tsteps, n] -> { S0[t, i] -> [t, 0, i]; S1[t, i] -> [t, 1, i] }")
        try checkLegality(schedule: original, dependences: dependences)
        let marked = try original.insertingMark("parallel")
        expectIllegalMark(marked, dependences, mark: "parallel", "a parallel mark on the time loop")
        #expect(throws: LegalityError.self) {
            try model.generateAST(schedule: marked, dependences: dependences)
        }
    }
}
