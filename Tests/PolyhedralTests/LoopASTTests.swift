import Foundation
import Testing
import Formats
@testable import Polyhedral

@Suite struct LoopASTTests {
    private static let sample = LoopNode.block([
        .statement(StatementCall(name: "S0", arguments: [])),
        .forLoop(ForLoop(
            iterator: "c0",
            lowerBound: .int(0),
            condition: .operation(op: .lt, args: [.identifier("c0"), .identifier("n")]),
            step: 1,
            body: .ifThen(IfThen(
                condition: .operation(op: .eq, args: [
                    .operation(op: .pdivR, args: [.identifier("c0"), .int(2)]), .int(0)]),
                then: .mark(Mark(name: "even", body: .statement(StatementCall(
                    name: "S1",
                    arguments: [.operation(op: .floorDiv, args: [.identifier("c0"), .int(2)])])))),
                else: .statement(StatementCall(name: "S2", arguments: [
                    .operation(op: .minus, args: [.identifier("c0")])])))),
            parallel: true, vector: true, dependenceFree: true)),
    ])

    private func encode(_ node: LoopNode) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(node), as: UTF8.self)
    }

    @Test func roundTrip() throws {
        let data = try JSONEncoder().encode(Self.sample)
        #expect(try JSONDecoder().decode(LoopNode.self, from: data) == Self.sample)
    }

    @Test func generatedASTRoundTrips() throws {
        let model = try PolyhedralModel(Fixtures.jacobi)
        let deps = try Dependences(model: model)
        let ast = try model.generateAST(schedule: model.computeSchedule(dependences: deps), dependences: deps)
        let data = try JSONEncoder().encode(ast.root)
        #expect(try JSONDecoder().decode(LoopNode.self, from: data) == ast.root)
    }

    @Test func goldenJSON() throws {
        let loop = LoopNode.forLoop(ForLoop(
            iterator: "c0", lowerBound: .int(0),
            condition: .operation(op: .le, args: [.identifier("c0"), .operation(op: .sub, args: [.identifier("n"), .int(1)])]),
            step: 1, body: .statement(StatementCall(name: "S0", arguments: [.identifier("c0")])),
            parallel: true, vector: false, dependenceFree: true))
        let expected = #"{"body":{"arguments":[{"id":"c0"}],"kind":"statement","name":"S0"},"#
            + #""condition":{"args":[{"id":"c0"},{"args":[{"id":"n"},{"int":1}],"op":"sub"}],"op":"le"},"#
            + #""dependenceFree":true,"iterator":"c0","kind":"for","lowerBound":{"int":0},"#
            + #""parallel":true,"step":1,"vector":false}"#
        #expect(try encode(loop) == expected)
        #expect(try encode(.block([])) == #"{"children":[],"kind":"block"}"#)
        #expect(try encode(.ifThen(IfThen(condition: .int(1), then: .block([])))) ==
                #"{"condition":{"int":1},"kind":"if","then":{"children":[],"kind":"block"}}"#)
    }

    @Test func generatedGoldenForStencil() throws {
        let model = try PolyhedralModel(Fixtures.stencil)
        let deps = try Dependences(model: model)
        let ast = try model.generateAST(schedule: model.originalSchedule, dependences: deps)
        #expect(try encode(ast.root) == #"{"body":{"arguments":[{"id":"c0"}],"kind":"statement","name":"S0"},"#
            + #""condition":{"args":[{"id":"c0"},{"args":[{"id":"n"},{"int":1}],"op":"sub"}],"op":"lt"},"#
            + #""dependenceFree":false,"iterator":"c0","kind":"for","lowerBound":{"int":1},"#
            + #""parallel":false,"step":1,"vector":false}"#)
    }

    @Test func rejectsUnknownKind() {
        let json = Data(#"{"kind":"while","body":{"kind":"block","children":[]}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LoopNode.self, from: json) }
        let expression = Data(#"{"op":"pow","args":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AstExpr.self, from: expression) }
    }
}
