import Testing
import ISL
@testable import Polyhedral

@Suite struct DependenceTests {
    private func expectRelation(_ actual: UnionMap, _ expected: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expectedMap = try UnionMap(actual.context, expected)
        #expect(try actual.isEqual(expectedMap), "got \(actual), expected \(expectedMap)",
                sourceLocation: sourceLocation)
    }

    @Test func gemm() throws {
        let model = try PolyhedralModel(Fixtures.gemm)
        let deps = try Dependences(model: model)
        let chain = "S1[i, j, k] -> S1[i, j, k + 1] : 0 <= i < n and 0 <= j < n and 0 <= k < n - 1"
        let initialize = "S0[i, j] -> S1[i, j, 0] : 0 <= i < n and 0 <= j < n"
        try expectRelation(deps.raw, "[n] -> { \(initialize); \(chain) }")
        try expectRelation(deps.waw, "[n] -> { \(initialize); \(chain) }")
        // A, B are never written; C's read in S1[k] is overwritten first by S1[k + 1].
        try expectRelation(deps.war, "[n] -> { \(chain) }")
    }

    @Test func inPlaceStencil() throws {
        let model = try PolyhedralModel(Fixtures.stencil)
        let deps = try Dependences(model: model)
        // A[i - 1] is read after S0[i - 1] wrote it; A[i + 1] is read before S0[i + 1] writes it.
        try expectRelation(deps.raw, "[n] -> { S0[i] -> S0[i + 1] : 1 <= i <= n - 3 }")
        try expectRelation(deps.war, "[n] -> { S0[i] -> S0[i + 1] : 1 <= i <= n - 3 }")
        try expectRelation(deps.waw, "{ }")
    }

    @Test func scalarAccumulator() throws {
        let model = try PolyhedralModel(Fixtures.accumulator)
        let deps = try Dependences(model: model)
        let chain = "S1[i] -> S1[i + 1] : 0 <= i <= n - 2"
        try expectRelation(deps.raw, "[n] -> { S0[] -> S1[0] : n >= 1; \(chain) }")
        try expectRelation(deps.waw, "[n] -> { S0[] -> S1[0] : n >= 1; \(chain) }")
        try expectRelation(deps.war, "[n] -> { \(chain) }")
    }

    /// WAR is value-based: a read pairs only with the next write of the element.
    @Test func antiDependenceStopsAtNextWrite() throws {
        let input = PolyhedralInput(
            context: "[n] -> { : n >= 1 }",
            statements: [
                PolyhedralStatement(name: "R", domain: "{ R[] }", reads: ["{ R[] -> x[] }"]),
                PolyhedralStatement(name: "W", domain: "[n] -> { W[i] : 0 <= i < n }", writes: ["{ W[i] -> x[] }"]),
            ],
            originalSchedule: "[n] -> { R[] -> [0, 0]; W[i] -> [1, i] }")
        let deps = try Dependences(model: PolyhedralModel(input))
        try expectRelation(deps.war, "[n] -> { R[] -> W[0] : n >= 1 }")
        try expectRelation(deps.waw, "[n] -> { W[i] -> W[i + 1] : 0 <= i <= n - 2 }")
        try expectRelation(deps.raw, "{ }")
    }

    @Test func descriptionListsEachKind() throws {
        let deps = try Dependences(model: PolyhedralModel(Fixtures.stencil))
        let text = deps.description
        #expect(text.contains("RAW:\n  [n] -> { S0[i] -> S0[i' = 1 + i]"))
        #expect(text.contains("WAW:\n  (none)"))
        #expect(try deps.all().isEqual(deps.raw.union(deps.war)))
    }

    @Test func malformedInputNamesTheText() throws {
        var input = Fixtures.stencil
        input.statements[0].domain = "[n] -> { S0[i] : 1 <= i < }"
        let error = #expect(throws: PolyhedralError.self) { try PolyhedralModel(input) }
        #expect(error?.description.contains("domain of S0") == true)
        #expect(error?.description.contains("syntax error") == true)

        var misnamed = Fixtures.stencil
        misnamed.statements[0].reads = ["{ S9[i] -> A[i] }"]
        #expect(throws: PolyhedralError.self) { try PolyhedralModel(misnamed) }
    }
}
