import Foundation
import TestSupport
import XCTest

/// `--llm-cache replay`: agent runs reproduced from answers recorded against
/// the local server (Tests/LLMAgentTests/Transcripts), with no server at all.
final class ReplayTests: XCTestCase {
    static let transcripts = TestSupport.packageRoot.appendingPathComponent("Tests/LLMAgentTests/Transcripts").path

    /// A base_url where nothing listens: replay must never get that far.
    static let nowhere: [String: Any] = ["base_url": "http://127.0.0.1:9/v1", "model": "smollm2-135m",
                                         "temperature": 0, "max_tokens": 192, "retries": 0,
                                         "roles": LocalServerTests.roleLimits]

    func testReplayMissIsAClearDiagnosticAndTheLoopGoesOn() throws {
        let empty = try TestSupport.scratchDirectory("llm-replay-empty")
        let run = try LocalServerTests.tune("llm-replay-miss", settings: ReplayTests.nowhere, budget: 2,
                                            cache: "replay", cacheDir: empty.path)
        let output = run.result.stdout + run.result.stderr
        let notes = (run.report["notes"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue((output + notes).contains("no recorded answer"), output + notes)
        XCTAssertFalse((output + notes).contains("cannot connect"), "replay called a server:\n\(output)")
        XCTAssertEqual(run.result.status, 0, "the host's seeds still ran:\n\(output)")
        XCTAssertEqual(run.transcript.first?["role"] as? String, "designer", "the request was logged with its error")
        XCTAssertNotNil(run.transcript.first?["error"])
    }

    func testRecordedRunReplaysWithoutAServer() throws {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: ReplayTests.transcripts))?.filter { $0.hasSuffix(".json") } ?? []
        guard !files.isEmpty else {
            throw XCTSkip("no transcripts recorded yet (AKG_LLM_RECORD_TRANSCRIPTS=\(ReplayTests.transcripts) swift test --filter LocalServerTests/testTuneAgainstTheLocalServer)")
        }
        let run = try LocalServerTests.tune("llm-replay", settings: ReplayTests.nowhere, budget: 3,
                                            cache: "replay", cacheDir: ReplayTests.transcripts)
        let output = run.result.stdout + run.result.stderr
        XCTAssertTrue([0, 4].contains(run.result.status), output)
        XCTAssertFalse(run.transcript.isEmpty)
        XCTAssertTrue(run.transcript.allSatisfy { $0["error"] == nil && ($0["fromCache"] as? Bool) == true },
                      "every answer came from the recording:\n\(run.transcript)")
        let history = run.report["history"] as? [[String: Any]] ?? []
        XCTAssertTrue(history.contains { ($0["candidateID"] as? String ?? "").hasPrefix("code") }, output)
    }
}
