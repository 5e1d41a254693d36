@testable import AKGHost
import Formats
import XCTest

/// The seeds of the search space: the presets, and the backend's
/// `tuningSeeds` right after akg's default.
final class SearchSpaceTests: XCTestCase {
    static let kernel = KernelDocument(
        name: "kernel_k", parameters: [], locals: [], arrays: [], integerParameters: ["n"], context: "[n] -> { : }",
        statements: [KernelStatement(name: "S0", iterators: ["i"], domain: "[n] -> { S0[i] : 0 <= i < n }",
                                     reads: [], writes: [],
                                     body: KernelAssignment(target: .scalar("s"), op: .assign, value: .int(value: 0, text: "0")),
                                     location: KernelLocation(line: 1, column: 1))],
        originalSchedule: "", region: nil, file: "k.c")

    func space(_ capabilities: String) throws -> SearchSpace {
        SearchSpace.make(kernel: Self.kernel, capabilities: try JSONValue.parse(capabilities), backendName: "cpu")
    }

    func testPresetsAloneWithoutSuggestions() throws {
        let space = try space(#"{"knobs": {"simd": {"values": [true, false], "default": true}}}"#)
        XCTAssertEqual(space.seeds.map { $0["scheduler.preset"] }, ["none", "pluto", "feautrier", "isl"].map(JSONValue.string))
    }

    func testBackendSuggestionsFollowTheDefault() throws {
        let space = try space(#"""
            {"knobs": {"fast": {"values": [false, true], "default": false}, "unroll": {"values": [1, 4], "default": 1}},
             "tuningSeeds": [{"fast": true, "unroll": 4}, {"fast": true, "unroll": 3}, {"nope": true}, {"fast": true, "unroll": 4}]}
            """#)
        XCTAssertEqual(space.seeds.count, 5, "one valid suggestion, once; the others name unknown knobs or values")
        XCTAssertEqual(space.seeds[1], ["scheduler.preset": .string("none"), "cpu.fast": .bool(true), "cpu.unroll": .int(4)])
        XCTAssertEqual(space.seeds[0], ["scheduler.preset": .string("none")])
        XCTAssertEqual(space.seeds[2], ["scheduler.preset": .string("pluto")])
    }
}
