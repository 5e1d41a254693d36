import EvolutionStrategy
import Testing

/// Reading problem and result documents: what is accepted, and the message
/// for what is not.
@Suite struct DocumentReadingTests {
    static let problemText = #"""
    {
      "format": "akg.tuning-problem+json/1",
      "kernel": { "name": "kernel_gemm", "parameters": { "NI": 100 } },
      "backend": { "id": "org.akg.cpu", "version": "0.1.0" },
      "budget": { "candidates": 40, "seconds": null },
      "seed": 12,
      "knobs": [
        { "name": "scheduler.preset", "values": ["none", "pluto"], "default": "none", "doc": "…" },
        { "name": "scheduler.tile.1.0", "values": [0, 8, 16, 32.0], "default": 32 },
        { "name": "scheduler.outer", "values": [["a", "b"], ["c"]], "default": ["c"] },
        { "name": "scheduler.wavefront", "values": [true, false] }
      ],
      "seeds": [ { "scheduler.preset": "none" }, { "scheduler.preset": "pluto", "scheduler.wavefront": false } ],
      "strategyOptions": { "eliteSize": 4, "exploration": 0.5 }
    }
    """#

    @Test func readsTheDocumentedProblem() throws {
        let problem = try TuningProblem(json: Self.problemText)
        #expect(problem.space.knobs.map(\.name)
            == ["scheduler.preset", "scheduler.tile.1.0", "scheduler.outer", "scheduler.wavefront"])
        #expect(problem.space.knobs.map(\.defaultIndex) == [0, 3, 1, 0])
        #expect(problem.space.knobs.map(\.isOrdered) == [false, true, false, false])
        #expect(problem.seeds == [Assignment([0, 3, 1, 0]), Assignment([1, 3, 1, 1])])
        #expect(problem.seed == 12)
        #expect(problem.candidateBudget == 40)
        #expect(problem.options == EvolutionOptions(eliteSize: 4, exploration: 0.5))
        #expect(problem.warnings.isEmpty)
        // Values go back out exactly as the problem wrote them.
        #expect(problem.space.candidateDocument(for: problem.seeds[1])
            == #"{"knobs":{"scheduler.preset":"pluto","scheduler.tile.1.0":32.0,"#
            + #""scheduler.outer":["c"],"scheduler.wavefront":false}}"#)
    }

    @Test func optionalPartsHaveDefaults() throws {
        let problem = try TuningProblem(json: #"{"knobs": [{"name": "k", "values": ["a\"b", 2]}]}"#)
        #expect(problem.seed == 0)
        #expect(problem.candidateBudget == nil)
        #expect(problem.seeds.isEmpty)
        #expect(problem.options == EvolutionOptions())
        #expect(problem.space.candidateDocument(for: Assignment([0])) == #"{"knobs":{"k":"a\"b"}}"#)
    }

    @Test func toleratedOddities() throws {
        let problem = try TuningProblem(json: #"""
            {"knobs": [{"name": "k", "values": [1, 2, 1]}],
             "seeds": [{"k": 2}, {"other": 1}, {"k": 3}, {"k": 2}]}
            """#)
        #expect(problem.space.knobs[0].values.count == 2)
        #expect(problem.seeds == [Assignment([1])])
        #expect(problem.warnings.count == 3)
        #expect(problem.warnings[0].contains("lists the value 1 twice"))
        #expect(problem.warnings[1].contains("unknown knob \"other\""))
    }

    @Test(arguments: [
        ("", "not valid JSON at byte 0: the text is empty"),
        ("{\"knobs\": [", "not valid JSON at byte 11"),
        ("{\"knobs\": []} x", "unexpected text after the JSON value"),
        ("[1, 2]", "must be a JSON object, not an array"),
        ("{\"seed\": 1}", "has no \"knobs\""),
        ("{\"format\": \"akg.tuning-problem+json/2\", \"knobs\": []}", "expected \"akg.tuning-problem+json/1\""),
        ("{\"knobs\": {}}", "\"knobs\" must be an array"),
        ("{\"knobs\": [{\"values\": [1]}]}", "knob 0 has no \"name\""),
        ("{\"knobs\": [{\"name\": \"k\"}]}", "knob \"k\" has no \"values\" array"),
        ("{\"knobs\": [{\"name\": \"k\", \"values\": []}]}", "knob \"k\" has an empty \"values\" list"),
        ("{\"knobs\": [{\"name\": \"k\", \"values\": [1], \"default\": 2}]}", "default 2, which is not among its values"),
        ("{\"knobs\": [{\"name\": \"k\", \"values\": [1]}, {\"name\": \"k\", \"values\": [1]}]}", "listed twice"),
        ("{\"knobs\": [], \"seeds\": {}}", "\"seeds\" must be an array"),
        ("{\"knobs\": [], \"seed\": 1.5}", "\"seed\" must be an integer"),
        ("{\"knobs\": [], \"budget\": {\"candidates\": -1}}", "non-negative integer"),
        ("{\"knobs\": [], \"strategyOptions\": {\"eliteSize\": 0}}", "eliteSize\" must be a positive integer"),
        ("{\"knobs\": [], \"strategyOptions\": {\"exploration\": \"lots\"}}", "exploration\" must be a non-negative"),
        ("{\"knobs\": [\"\\ud800\"]}", "unpaired surrogate"),
    ])
    func badProblemsSayWhatIsWrong(text: String, message: String) {
        do {
            _ = try TuningProblem(json: text)
            Issue.record("accepted \(text)")
        } catch let error as ProblemError {
            #expect(error.message.contains(message), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: ProblemError.self) { try TuningProblem(json: text) }
    }

    @Test func readsResults() throws {
        let ok = try TuningResult(json: #"{"format": "akg.tuning-result+json/1", "candidate": "g3-7", "status": "ok", "speedup": 2.41, "notes": []}"#)
        #expect(ok == TuningResult(status: .ok, speedup: 2.41))
        #expect(ok.reward == 2.41)
        let refused = try TuningResult(json: #"{"status": "refused", "speedup": null, "refusal": "build-failed"}"#)
        #expect(refused.reward == nil)
        let future = try TuningResult(json: #"{"status": "quarantined", "speedup": 3}"#)
        #expect(future.status == .other("quarantined"))
        #expect(future.reward == nil)
        #expect(try TuningResult(json: #"{"status": "ok", "speedup": -1}"#).reward == nil)
    }

    @Test(arguments: [
        ("garbage", "not valid JSON"),
        ("\"ok\"", "must be a JSON object, not a string"),
        ("{\"speedup\": 2}", "has no \"status\""),
        ("{\"status\": \"ok\", \"speedup\": \"fast\"}", "must be a number or null"),
    ])
    func badResultsSayWhatIsWrong(text: String, message: String) {
        do {
            _ = try TuningResult(json: text)
            Issue.record("accepted \(text)")
        } catch let error as ResultError {
            #expect(error.message.contains(message), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func jsonTextRoundTrips() throws {
        let text = #"{"a":[1,-2.5e3,true,false,null],"b":{"c":"\u00e9\n\t\"\\"},"d":"\ud83d\ude00"}"#
        let value = try JSONValue(parsing: text)
        #expect(value.text == #"{"a":[1,-2.5e3,true,false,null],"b":{"c":"é\n\t\"\\"},"d":"😀"}"#)
        #expect(try JSONValue(parsing: value.text) == value)
        #expect(JSONValue.string("\u{01}").text == #""\u0001""#)
    }
}
