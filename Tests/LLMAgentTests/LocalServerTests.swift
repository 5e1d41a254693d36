@testable import LLMAgent
import Foundation
import TestSupport
import XCTest

/// A real model server on 127.0.0.1: llama.cpp's llama-server with
/// SmolLM2-135M-Instruct, built and started by scripts/llm-server.
///
/// Without a built server these tests are skipped, unless
/// AKG_LLM_REQUIRE_SERVER=1 (scripts/test sets it after building one), when
/// a missing server is a failure; AKG_LLM_SERVER_TESTS=0 turns them off.
final class LocalServer {
    let port: Int
    let pid: Int32

    static let script = TestSupport.packageRoot.appendingPathComponent("scripts/llm-server").path

    static func available() throws -> Bool {
        // AKG_LLM_SERVER_TESTS=0 leaves them out of a quick local run.
        guard ProcessInfo.processInfo.environment["AKG_LLM_SERVER_TESTS"] != "0" else {
            throw XCTSkip("the real-server tests were turned off with AKG_LLM_SERVER_TESTS=0")
        }
        let paths = try TestSupport.run("/bin/bash", [script, "path"])
        let lines = paths.stdout.split(separator: "\n").map(String.init)
        let built = lines.count == 2 && lines.allSatisfy { FileManager.default.fileExists(atPath: $0) }
        if !built, ProcessInfo.processInfo.environment["AKG_LLM_REQUIRE_SERVER"] == "1" {
            XCTFail("AKG_LLM_REQUIRE_SERVER=1 but scripts/llm-server has not built the server (\(lines))")
        }
        return built
    }

    /// Starts a server; `arguments` go to llama-server (--api-key, -c, …).
    init(_ arguments: [String] = []) throws {
        var chosen = 0
        var started: Int32 = 0
        for _ in 0..<5 {
            let port = Int.random(in: 20000..<40000)
            let result = try TestSupport.run("/bin/bash", [LocalServer.script, "start", "\(port)"] + arguments)
            if result.status == 0, let pid = Int32(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) {
                chosen = port
                started = pid
                break
            }
        }
        guard started > 0 else { throw XCTSkip("could not start llama-server") }
        port = chosen
        pid = started
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<50 where waitpid(pid, &status, WNOHANG) == 0 && kill(pid, 0) == 0 { usleep(100_000) }
    }

    deinit { stop() }
}

final class LocalServerTests: XCTestCase {
    static let gemm = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/linear-algebra/gemm.c").path
    static let common = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/common").path

    struct Run {
        var result: TestSupport.ProcessResult
        var directory: URL
        var transcript: [[String: Any]]
        var report: [String: Any]
    }

    /// `akg-host tune gemm.c --strategy llm` with a settings file and options.
    static func tune(_ label: String, settings: [String: Any], budget: Int = 3, cache: String = "off",
                     cacheDir: String? = nil, environment: [String: String] = [:], extra: [String] = []) throws -> Run {
        let directory = try TestSupport.scratchDirectory(label)
        let settingsFile = directory.appendingPathComponent("llm.json")
        try JSONSerialization.data(withJSONObject: settings).write(to: settingsFile)
        let transcript = directory.appendingPathComponent("transcript.jsonl")
        let result = try TestSupport.runHost(
            ["tune", gemm, "-I", common, "-DMINI_DATASET", "--strategy", "llm", "--backend", "cpu",
             "--budget", "\(budget)", "--pairs", "1", "-o", directory.appendingPathComponent("out").path,
             "--llm-settings", settingsFile.path, "--llm-cache", cache,
             "--strategy-option", "transcript=\(transcript.path)",
             "--strategy-option", "cacheDir=\(cacheDir ?? directory.appendingPathComponent("cache").path)"] + extra,
            environment: ["AKG_HOME": directory.appendingPathComponent("home").path].merging(environment) { $1 })
        let lines = (try? String(contentsOf: transcript, encoding: .utf8))?.split(separator: "\n") ?? []
        let entries = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        let reportData = try? Data(contentsOf: directory.appendingPathComponent("out/report.json"))
        let report = reportData.flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] } ?? [:]
        return Run(result: result, directory: directory, transcript: entries, report: report)
    }

    /// Per-role reply limits that keep a run against a 135M model on two
    /// cores to minutes: the plan and the decision are a few lines.
    static let roleLimits: [String: Any] = ["designer": ["max_tokens": 48], "conductor": ["max_tokens": 40]]

    static func settings(_ server: LocalServer, _ overrides: [String: Any] = [:]) -> [String: Any] {
        ["base_url": server.baseURL, "model": "smollm2-135m", "temperature": 0, "max_tokens": 192,
         "timeout_seconds": 240, "retries": 1, "roles": roleLimits].merging(overrides) { $1 }
    }

    /// The loop end to end: prompts sent, code extracted, verified by the
    /// host, the verdict fed back, the budget kept, records and the
    /// transcript written. It also records the replay transcripts that
    /// ReplayTests use when AKG_LLM_RECORD_TRANSCRIPTS names a folder.
    func testTuneAgainstTheLocalServer() throws {
        guard try LocalServer.available() else { throw XCTSkip("no local llama-server built (scripts/llm-server build)") }
        let server = try LocalServer()
        let record = ProcessInfo.processInfo.environment["AKG_LLM_RECORD_TRANSCRIPTS"]
        let run = try LocalServerTests.tune("llm-e2e", settings: LocalServerTests.settings(server), budget: 3,
                                            cache: "record", cacheDir: record)
        let output = run.result.stdout + run.result.stderr
        XCTAssertTrue([0, 4].contains(run.result.status), output)
        let roles = run.transcript.map { $0["role"] as? String ?? "?" }
        XCTAssertEqual(roles.first, "designer", "\(roles)")
        XCTAssertTrue(roles.contains("coder"), "\(roles)")
        XCTAssertTrue(run.transcript.allSatisfy { $0["error"] == nil }, "\(run.transcript)")
        XCTAssertTrue(run.transcript.allSatisfy { ($0["completionTokens"] as? Int ?? 0) > 0 }, "usage is recorded")
        let history = run.report["history"] as? [[String: Any]] ?? []
        XCTAssertFalse(history.isEmpty, output)
        XCTAssertLessThanOrEqual(history.filter { ($0["status"] as? String) != "duplicate" }.count, 3, "the budget holds")
        // Candidates from the model are source candidates the host judged.
        let fromModel = history.filter { ($0["candidateID"] as? String ?? "").hasPrefix("code") }
        XCTAssertFalse(fromModel.isEmpty, "the coder's code was extracted and proposed:\n\(output)")
        // Feedback: a later request shows the verdict on the first candidate.
        if history.count > 1, let status = history.first?["status"] as? String, status != "duplicate" {
            let later = run.transcript.dropFirst(2).compactMap { entry in
                (entry["messages"] as? [[String: Any]])?.compactMap { $0["content"] as? String }.joined()
            }.joined()
            XCTAssertTrue(later.contains(status == "ok" ? "verified correct" : status), "the verdict is fed back:\n\(later.prefix(2000))")
        }
        let counts = run.report["counts"] as? [String: Any] ?? [:]
        XCTAssertGreaterThan(counts["measured"] as? Int ?? 0, 0, "records were written: \(counts)")
    }

    func testWrongKeyIsAClearDiagnosticAndTheLoopContinues() throws {
        guard try LocalServer.available() else { throw XCTSkip("no local llama-server built") }
        let server = try LocalServer(["--api-key", "right-key-123"])
        let run = try LocalServerTests.tune("llm-401", settings: LocalServerTests.settings(server, ["api_key_env": "AKG_TEST_LLM_KEY"]),
                                            budget: 2, environment: ["AKG_TEST_LLM_KEY": "wrong-key-456"])
        let output = run.result.stdout + run.result.stderr
        let notes = (run.report["notes"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue((output + notes).contains("HTTP 401"), output + notes)
        XCTAssertTrue((output + notes).contains("AKG_TEST_LLM_KEY"), "the hint names the variable")
        XCTAssertEqual(run.result.status, 0, "the loop went on with the host's seeds:\n\(output)")
        // The budget counts measured candidates; duplicates are listed too.
        XCTAssertEqual((run.report["counts"] as? [String: Any])?["measured"] as? Int, 2, "\(run.report["counts"] ?? "")")
        for text in [output, notes, run.transcript.description,
                     (try? String(contentsOf: run.directory.appendingPathComponent("out/report.md"), encoding: .utf8)) ?? ""] {
            XCTAssertFalse(text.contains("wrong-key-456"), "the key leaked")
        }
    }

    func testContextTooLongIsAClearDiagnostic() throws {
        guard try LocalServer.available() else { throw XCTSkip("no local llama-server built") }
        let server = try LocalServer(["-c", "128"])
        let run = try LocalServerTests.tune("llm-400", settings: LocalServerTests.settings(server), budget: 1)
        let output = run.result.stdout + run.result.stderr
        let notes = (run.report["notes"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue((output + notes).contains("HTTP 400"), output + notes)
        XCTAssertTrue((output + notes).contains("context"), output + notes)
        XCTAssertEqual(run.result.status, 0, output)
    }

    func testServerStoppedMidStreamIsATransportError() throws {
        guard try LocalServer.available() else { throw XCTSkip("no local llama-server built") }
        let server = try LocalServer()
        var endpoint = LLMSettings.builtIn
        endpoint.baseURL = server.baseURL
        endpoint.maxTokens = 3000
        endpoint.temperature = 0
        endpoint.retries = 0
        let request = ChatRequest(endpoint: endpoint, system: "You count.",
                                  messages: [ChatMessage(role: "user", content: "Write the numbers from 1 to 3000, separated by commas.")])
        DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) { server.stop() }
        XCTAssertThrowsError(try CurlChatClient().send(request, isCancelled: { false })) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("closed the connection") || text.contains("ended before") || text.contains("cannot connect"), text)
        }
    }

    func testAReplyThatIsNotTheProtocolIsMalformed() throws {
        guard try LocalServer.available() else { throw XCTSkip("no local llama-server built") }
        let server = try LocalServer()
        var endpoint = LLMSettings.builtIn
        // llama-server's /apply-template takes the chat request and answers
        // JSON that is no chat reply; the fragment hides the path appended
        // after it (curl never sends a fragment).
        endpoint.baseURL = "http://127.0.0.1:\(server.port)/apply-template#"
        endpoint.retries = 0
        endpoint.stream = false
        let request = ChatRequest(endpoint: endpoint, system: "s", messages: [ChatMessage(role: "user", content: "u")])
        XCTAssertThrowsError(try CurlChatClient().send(request, isCancelled: { false })) { error in
            XCTAssertTrue("\(error)".contains("no choices[0].message") || "\(error)".contains("not a JSON object"), "\(error)")
        }
    }
}
