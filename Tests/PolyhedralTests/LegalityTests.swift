import Testing
import ISL
@testable import Polyhedral

@Suite struct LegalityTests {
    @Test func reversedStencilIsRejected() throws {
        let model = try PolyhedralModel(Fixtures.stencil)
        let deps = try Dependences(model: model)
        try checkLegality(schedule: model.originalSchedule, dependences: deps)
        let reversed = try model.schedule(fromMap: "{ S0[i] -> [-i] }")
        let error = #expect(throws: LegalityError.self) {
            try checkLegality(schedule: reversed, dependences: deps)
        }
        #expect(error?.violations.map(\.kind) == [.raw, .war])
        let message = error?.description ?? ""
        #expect(message.contains("RAW dependence [n] -> { S0[i] -> S0[i' = 1 + i]"))
        #expect(message.contains("S0[i] -> [-i]"))
    }

    @Test func reversedReductionLoopIsRejected() throws {
        let model = try PolyhedralModel(Fixtures.gemm)
        let deps = try Dependences(model: model)
        // Interchanging the parallel loops is fine; reversing k is not.
        try checkLegality(schedule: model.schedule(fromMap: "[n] -> { S0[i, j] -> [j, i, 0, 0]; S1[i, j, k] -> [j, i, 1, k] }"),
                          dependences: deps)
        let reversed = try model.schedule(fromMap: "[n] -> { S0[i, j] -> [i, j, 0, 0]; S1[i, j, k] -> [i, j, 1, -k] }")
        let error = #expect(throws: LegalityError.self) {
            try checkLegality(schedule: reversed, dependences: deps)
        }
        #expect(error?.violations.map(\.kind) == [.raw, .war, .waw])
        let raw = try UnionMap(model.context, error?.violations.first?.pairs ?? "{ }")
        // S0 -> S1[k = 0] stays respected; only the k chain is broken.
        #expect(try raw.isEqual(UnionMap(model.context,
            "[n] -> { S1[i, j, k] -> S1[i, j, k + 1] : 0 <= i < n and 0 <= j < n and 0 <= k < n - 1 }")))
    }

    @Test func statementOrderSwapIsRejected() throws {
        let model = try PolyhedralModel(Fixtures.accumulator)
        let deps = try Dependences(model: model)
        let swapped = try model.schedule(fromMap: "[n] -> { S0[] -> [1, 0]; S1[i] -> [0, i] }")
        let error = #expect(throws: LegalityError.self) {
            try checkLegality(schedule: swapped, dependences: deps)
        }
        #expect(error?.description.contains("S0[] -> S1[i = 0]") == true)
    }

    @Test func computedSchedulesOfDifferentDepthsAreComparable() throws {
        // S0 sits outside S1's loop, so the flat schedule rows have different lengths.
        let model = try PolyhedralModel(Fixtures.accumulator)
        let deps = try Dependences(model: model)
        let flat = try flatScheduleMap(model.computeSchedule(dependences: deps))
        let widths = try flat.maps().map { try $0.dimensionCount(.output) }
        #expect(Swift.Set(widths).count == 1)
    }
}

@Suite struct LegalityCoverageTests {
    @Test func scheduleMissingInstancesIsRejected() throws {
        let model = try PolyhedralModel(Fixtures.accumulator)
        let deps = try Dependences(model: model)
        let partial = try model.schedule(fromMap: "[n] -> { S1[i] -> [i] }")
        let error = #expect(throws: PolyhedralError.self) {
            try checkLegality(schedule: partial, dependences: deps)
        }
        #expect(error?.description.contains("does not schedule") == true)
    }
}
