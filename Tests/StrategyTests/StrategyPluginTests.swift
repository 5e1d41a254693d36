import AKGHost
import EvolutionStrategy
import Foundation
import PluginAPI
import Testing
import TestSupport

/// Both shipped strategies through the real C ABI and the host's loader: the
/// built `libakg-evolution.so`, and the C random search compiled out of tree
/// during the test against the header alone, under another id.
@Suite struct StrategyPluginTests {
    static let problem = #"""
    {
      "format": "akg.tuning-problem+json/1",
      "kernel": { "name": "k", "statements": 1, "maxDepth": 2, "parameters": { "N": 64 } },
      "backend": { "id": "org.akg.cpu", "version": "0.1.0" },
      "budget": { "candidates": 12, "seconds": null },
      "seed": 3,
      "knobs": [
        { "name": "scheduler.preset", "values": ["none", "pluto", "feautrier", "isl"], "default": "none", "doc": "d" },
        { "name": "scheduler.tile.1.0", "values": [0, 8, 16, 32, 64], "default": 32 },
        { "name": "scheduler.outer", "values": [["proximity"], ["parallelism", "proximity"]], "default": ["proximity"] },
        { "name": "scheduler.wavefront", "values": [true, false], "default": false },
        { "name": "cpu.tag", "values": ["a\"quoted\"", "plain"], "default": "plain" }
      ],
      "seeds": [ { "scheduler.preset": "none" }, { "scheduler.preset": "pluto" } ]
    }
    """#

    /// The strategies under test, loaded once per process.
    static let plugins: Result<[LoadedPlugin], Error> = Result {
        let directory = try TestSupport.scratchDirectory("strategies")
        let outOfTree = try buildRandomSearchOutOfTree(id: "org.akg.test.random-copy", in: directory)
        let products = TestSupport.productsDirectory
        let set = PluginLoader.load(PluginSearchPath(explicit: [
            products.appendingPathComponent("libakg-evolution.so").path,
            products.appendingPathComponent("libakg-random.so").path,
            outOfTree,
        ]))
        guard set.failures.isEmpty else {
            throw TestSupport.CompileError(description: set.failures.map(\.description).joined(separator: "\n"))
        }
        return set.plugins
    }

    /// Compiles Plugins/RandomSearch/random_search.c as a vendor would: `cc`,
    /// the header directory, warnings as errors, and a different id.
    static func buildRandomSearchOutOfTree(id: String, in directory: URL) throws -> String {
        let source = TestSupport.packageRoot.appendingPathComponent("Plugins/RandomSearch/random_search.c")
        let library = directory.appendingPathComponent("librandom-copy.so").path
        let result = try TestSupport.run("/usr/bin/env", [
            "cc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-fvisibility=hidden",
            "-DAKG_RANDOM_SEARCH_ID=\"\(id)\"",
            "-I", TestSupport.pluginHeaderDirectory.path, source.path, "-o", library,
        ])
        guard result.status == 0 else {
            throw TestSupport.CompileError(description: "cc failed for random_search.c:\n\(result.stderr)")
        }
        return library
    }

    static func strategy(_ id: String) throws -> StrategyInterface {
        let plugin = try #require(try plugins.get().first { $0.id == id }, "no plugin \(id)")
        #expect(plugin.kinds == .strategy)
        #expect(plugin.interfaces == ["akg.strategy/1"])
        return try #require(plugin.strategy)
    }

    @Test func theShippedStrategiesLoadBesideACopy() throws {
        let plugins = try Self.plugins.get()
        #expect(plugins.map(\.id) == ["org.akg.evolution", "org.akg.random", "org.akg.test.random-copy"])
        #expect(plugins.map(\.name) == ["Evolutionary search", "Random search", "Random search"])
    }

    @Test(arguments: ["org.akg.evolution", "org.akg.test.random-copy"])
    func searchesWithinTheSpaceAndStopsAtTheBudget(id: String) throws {
        let space = try TuningProblem(json: Self.problem).space
        let session = try Self.strategy(id).open(problem: Self.problem)
        defer { session.close() }
        var ids: [String] = []
        var assignments: [Assignment] = []
        var rounds = 0
        while rounds < 50 {
            rounds += 1
            let proposed = try session.propose(max: 4)
            if proposed.artifacts.isEmpty { break }
            #expect(proposed.artifacts.count <= 4)
            for artifact in proposed.artifacts {
                #expect(artifact.mediaType == AKG_MEDIA_CANDIDATE)
                // Valid JSON to the host's reader, and a point of the space.
                #expect((try? JSONSerialization.jsonObject(with: Data(artifact.data))) is [String: Any], "\(artifact.text)")
                let document = try JSONValue(parsing: artifact.data)
                let assignment = try #require(space.assignment(fromCandidate: document), "outside the space: \(artifact.text)")
                ids.append(artifact.name)
                assignments.append(assignment)
                // Preset isl fails; the rest is faster with larger tiles.
                let result = assignment.indices[0] == 3
                    ? #"{"format":"akg.tuning-result+json/1","candidate":"\#(artifact.name)","status":"error","speedup":null}"#
                    : #"{"format":"akg.tuning-result+json/1","candidate":"\#(artifact.name)","status":"ok","speedup":\#(1.0 + Double(assignment.indices[1]) / 4)}"#
                let observed = try session.observe(candidate: artifact.name, result: result)
                #expect(observed.artifacts.isEmpty)
            }
        }
        #expect(ids.count == 12, "\(ids)")
        #expect(Set(ids).count == ids.count)
        #expect(Set(assignments).count == assignments.count)
        #expect(ids.allSatisfy { !$0.isEmpty && !$0.contains("/") })
        #expect(try session.propose(max: 4).artifacts.isEmpty)
        if id == "org.akg.evolution" {
            #expect(ids.prefix(2) == ["s0", "s1"])
        } else {
            #expect(ids == (0..<12).map { "r\($0)" })
        }
    }

    @Test(arguments: ["org.akg.evolution", "org.akg.test.random-copy"])
    func sameSeedSameProposals(id: String) throws {
        func proposals() throws -> [String] {
            let session = try Self.strategy(id).open(problem: Self.problem)
            defer { session.close() }
            var texts: [String] = []
            for _ in 0..<3 {
                for artifact in try session.propose(max: 4).artifacts {
                    texts.append(artifact.name + " " + artifact.text)
                    try session.observe(candidate: artifact.name, result: #"{"status":"ok","speedup":1.5}"#)
                }
            }
            return texts
        }
        let first = try proposals()
        #expect(first.count == 12)
        #expect(try proposals() == first)
    }

    @Test(arguments: [
        ("org.akg.evolution", "{not json", "not valid JSON at byte 1"),
        ("org.akg.evolution", #"{"knobs": 3}"#, "\"knobs\" must be an array"),
        ("org.akg.evolution", #"{"knobs": [{"name": "k", "values": []}]}"#, "knob \"k\" has an empty \"values\" list"),
        ("org.akg.test.random-copy", "{not json", "not valid JSON at byte 1"),
        ("org.akg.test.random-copy", #"{"knobs": 3}"#, "\"knobs\" must be an array"),
        ("org.akg.test.random-copy", #"{"knobs": [{"name": "k", "values": []}]}"#, "knob \"k\" has an empty \"values\" list"),
        ("org.akg.test.random-copy", #"{"seed": 1}"#, "has no \"knobs\""),
        ("org.akg.test.random-copy", #"{"knobs": [], "budget": {"candidates": 1.5}}"#, "\"budget.candidates\" must be an integer"),
        ("org.akg.test.random-copy", #"{"knobs": [{"name": "k", "values": [1,]}]}"#, "where a value should start"),
        ("org.akg.test.random-copy", "", "the text ends where a value should start"),
    ])
    func aBadProblemIsAPluginCallErrorWithTheReason(id: String, problem: String, message: String) throws {
        do {
            _ = try Self.strategy(id).open(problem: problem)
            Issue.record("\(id) accepted \(problem)")
        } catch let error as PluginCallError {
            #expect(error.status == AKG_ERR_BAD_FORMAT)
            #expect(error.function == "open")
            #expect(error.diagnostics.contains { $0.level == .error && $0.message.contains(message) },
                    "\(error.diagnostics)")
        }
    }

    @Test(arguments: ["org.akg.evolution", "org.akg.test.random-copy"])
    func badAndUnknownResultsAreErrorsAndWarningsNotCrashes(id: String) throws {
        let session = try Self.strategy(id).open(problem: Self.problem)
        defer { session.close() }
        let first = try #require(try session.propose(max: 1).artifacts.first)
        let unknown = try session.observe(candidate: "zz9", result: #"{"status":"ok","speedup":2}"#)
        #expect(unknown.diagnostics.contains { $0.level == .warning && $0.message.contains("zz9") })
        for garbage in ["", "nope", "[1]", #"{"status": "ok""#] {
            do {
                try session.observe(candidate: first.name, result: garbage)
                Issue.record("\(id) accepted the result \(garbage)")
            } catch let error as PluginCallError {
                #expect(error.status == AKG_ERR_BAD_FORMAT)
                #expect(error.diagnostics.contains { $0.level == .error }, "\(error.diagnostics)")
            }
        }
        // The session still works afterwards.
        try session.observe(candidate: first.name, result: #"{"status":"ok","speedup":2}"#)
        #expect(try session.propose(max: 2).artifacts.count == 2)
    }

    @Test func theRandomSearchEndsWhenATinySpaceIsExhausted() throws {
        let problem = #"{"seed": 9, "knobs": [{"name": "a", "values": [1, 2]}, {"name": "b", "values": ["x", "y", "x"]}]}"#
        let session = try Self.strategy("org.akg.test.random-copy").open(problem: problem)
        defer { session.close() }
        let all = try session.propose(max: 10).artifacts
        #expect(all.count == 4)
        #expect(Set(all.map(\.text)).count == 4)
        #expect(try session.propose(max: 10).artifacts.isEmpty)
    }
}
