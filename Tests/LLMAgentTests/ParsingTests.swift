@testable import LLMAgent
import Foundation
import XCTest

/// The agent's pure parts: event streams, code extraction, settings, the cache.
final class ParsingTests: XCTestCase {
    func testOpenAIStreamCollectsDeltasUsageAndIgnoresUnknownKeys() throws {
        let stream = """
        data: {"id":"x","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}],"extra":1}

        data: {"choices":[{"delta":{"content":"lo"},"finish_reason":"stop"}],"timings":{"n":2}}

        data: {"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":2}}

        data: [DONE]

        """
        let reply = try StreamParser.openAI(stream)
        XCTAssertEqual(reply.content, "Hello")
        XCTAssertEqual(reply.finishReason, "stop")
        XCTAssertEqual(reply.promptTokens, 11)
        XCTAssertEqual(reply.completionTokens, 2)
    }

    func testStreamCutShortOrMalformedIsAClearError() {
        XCTAssertThrowsError(try StreamParser.openAI("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n")) { error in
            XCTAssertTrue("\(error)".contains("ended before the model finished"), "\(error)")
        }
        XCTAssertThrowsError(try StreamParser.openAI("data: {\"choices\": [oops\n\n")) { error in
            XCTAssertTrue("\(error)".contains("event 1 of the stream is not a JSON object"), "\(error)")
        }
    }

    func testAnthropicStream() throws {
        let stream = """
        event: message_start
        data: {"type":"message_start","message":{"usage":{"input_tokens":7}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"int x;"}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}

        event: message_stop
        data: {"type":"message_stop"}

        """
        let reply = try StreamParser.anthropic(stream)
        XCTAssertEqual(reply.content, "int x;")
        XCTAssertEqual(reply.promptTokens, 7)
        XCTAssertEqual(reply.completionTokens, 3)
        XCTAssertEqual(reply.finishReason, "end_turn")
    }

    func testCodeExtraction() {
        let reply = "Here:\n```c\n#include <math.h>\nvoid kernel_x(int n) {\n}\n```\nand\n```\nnot it\n```"
        XCTAssertEqual(CodeExtraction.code(in: reply, function: "kernel_x"), "#include <math.h>\nvoid kernel_x(int n) {\n}\n")
        XCTAssertEqual(CodeExtraction.code(in: "```c\nvoid kernel_x(int n) {\n  n++;", function: "kernel_x"),
                       "void kernel_x(int n) {\n  n++;\n", "an unterminated block (max_tokens) still counts")
        XCTAssertNil(CodeExtraction.code(in: "I cannot help with that.", function: "kernel_x"))
        XCTAssertNil(CodeExtraction.code(in: "```c\n#include <stdio.h>\n```", function: "kernel_x"))
        XCTAssertEqual(CodeExtraction.anyCode(in: "```c\n#include <stdio.h>\n```\n```c\n#include <math.h>\nint y;\n```\n```python\nprint(1)\n```"),
                       "#include <math.h>\nint y;\n", "the longest C block, whatever it defines")
        XCTAssertNil(CodeExtraction.anyCode(in: "```c\n\n```\nno code"))
        XCTAssertEqual(CodeExtraction.decision(in: "Thinking... DECISION: optimize. Tile it."), "optimise")
        XCTAssertEqual(CodeExtraction.decision(in: "we should stop"), "stop")
        XCTAssertNil(CodeExtraction.decision(in: "hmm"))
        XCTAssertEqual(CodeExtraction.json(in: "ok ```json\n{\"version\":1}\n```"), "{\"version\":1}")
    }

    func testFlatSettingsAndRoleOverrides() throws {
        let flat = try LLMSettings(json: Data(#"{"base_url":"http://127.0.0.1:9/v1/","model":"m","max_tokens":64,"unknown":true}"#.utf8), origin: "flat.json")
        XCTAssertEqual(flat.endpoint(for: "coder").baseURL, "http://127.0.0.1:9/v1")
        XCTAssertEqual(flat.endpoint(for: "designer").maxTokens, 64)
        let roles = try LLMSettings(json: Data(#"{"model":"m","api_key_env":"K","roles":{"coder":{"model":"big","temperature":0.7},"x":{"provider":"anthropic"}}}"#.utf8), origin: "r.json")
        XCTAssertEqual(roles.endpoint(for: "coder").model, "big")
        XCTAssertEqual(roles.endpoint(for: "coder").apiKeyEnv, "K")
        XCTAssertEqual(roles.endpoint(for: "conductor").model, "m")
        XCTAssertEqual(roles.endpoint(for: "x").provider, .anthropic)
        XCTAssertThrowsError(try LLMSettings(json: Data(#"{"api_key":"sk-secret"}"#.utf8), origin: "k.json")) { error in
            XCTAssertTrue("\(error)".contains("api_key_env"), "\(error)")
            XCTAssertFalse("\(error)".contains("sk-secret"))
        }
        XCTAssertThrowsError(try LLMSettings(json: Data(#"{"provider":"gemini"}"#.utf8), origin: "p.json"))
        XCTAssertEqual(LLMSettings.defaultPath(environment: ["AKG_HOME": "/h"]), "/h/llm.json")
    }

    func testHTTPErrorsNameTheCauseAndHideTheKey() {
        let endpoint = RoleEndpoint(provider: .openai, baseURL: "http://h/v1", model: "m", apiKeyEnv: "MY_KEY",
                                    temperature: 0, maxTokens: 8, timeoutSeconds: 1, connectTimeoutSeconds: 1, retries: 0, stream: true)
        let error = CurlChatClient.httpError(status: 401, body: Array(#"{"error":{"code":401,"message":"Invalid API Key sk-123","type":"authentication_error"}}"#.utf8),
                                             url: "http://h/v1/chat/completions", endpoint: endpoint,
                                             scrub: { $0.replacingOccurrences(of: "sk-123", with: "[key redacted]") })
        XCTAssertTrue(error.isFatal)
        XCTAssertTrue(error.description.contains("HTTP 401"), error.description)
        XCTAssertTrue(error.description.contains("MY_KEY"), error.description)
        XCTAssertFalse(error.description.contains("sk-123"), error.description)
        let context = CurlChatClient.httpError(status: 400, body: Array(#"{"error":{"message":"the request exceeds the available context size"}}"#.utf8),
                                               url: "u", endpoint: endpoint, scrub: { $0 })
        XCTAssertFalse(context.isFatal)
        XCTAssertTrue(context.description.contains("longer than the model's context"), context.description)
    }

    func testReplayMissIsAClearErrorAndNeverCallsTheServer() throws {
        final class Refuse: ChatTransport {
            func send(_ request: ChatRequest, isCancelled: @escaping () -> Bool) throws -> ChatReply {
                XCTFail("replay called the server")
                return ChatReply(content: "")
            }
        }
        let directory = NSTemporaryDirectory() + "akg-llm-cache-\(UUID().uuidString)"
        let request = ChatRequest(endpoint: LLMSettings.builtIn, system: "s", messages: [ChatMessage(role: "user", content: "u")])
        XCTAssertThrowsError(try CachedTransport(mode: .replay, directory: directory, upstream: Refuse()).send(request, isCancelled: { false })) { error in
            XCTAssertTrue("\(error)".contains("no recorded answer"), "\(error)")
        }
        final class Echo: ChatTransport {
            func send(_ request: ChatRequest, isCancelled: @escaping () -> Bool) throws -> ChatReply {
                ChatReply(content: "echo " + (request.messages.last?.content ?? ""), finishReason: "stop", promptTokens: 3, completionTokens: 2)
            }
        }
        _ = try CachedTransport(mode: .record, directory: directory, upstream: Echo()).send(request, isCancelled: { false })
        let replayed = try CachedTransport(mode: .replay, directory: directory, upstream: Refuse()).send(request, isCancelled: { false })
        XCTAssertEqual(replayed.content, "echo u")
        XCTAssertTrue(replayed.fromCache)
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testStableTextDropsTemporaryFolders() {
        // Any absolute path, whatever this machine's temporary folder is.
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("akg-123/cand/kernel.c")
        XCTAssertEqual(AgentSession.stableText("build failed: \(folder):3:1: error: x"),
                       "build failed: kernel.c:3:1: error: x")
        // Include flags name the checkout, which differs between clones.
        XCTAssertEqual(AgentSession.stableText("cc -O3 -I/home/me/akg/bench/common -DMINI failed:"),
                       "cc -O3 -Icommon -DMINI failed:")
    }
}

final class VerdictTests: XCTestCase {
    func testVerifierNumbersAreMasked() {
        XCTAssertEqual(AgentSession.maskingNumbers("C[3][4]: 1.5e-3 vs 2.0 (seed 123)"), "C[#][#]: # vs # (seed #)")
    }
}
