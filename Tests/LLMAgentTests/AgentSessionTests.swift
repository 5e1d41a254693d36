@testable import LLMAgent
import Foundation
import TestSupport
import XCTest

/// The agent's loop with a scripted model in place of a server: what it does
/// with the host's verdicts.
final class AgentSessionTests: XCTestCase {
    /// Replies by role, the role read from the system prompt.
    final class ScriptedModel: ChatTransport {
        var coderReply: String
        var requests: [String] = []
        init(coderReply: String) { self.coderReply = coderReply }
        func send(_ request: ChatRequest, isCancelled: @escaping () -> Bool) throws -> ChatReply {
            let role = request.system.contains("coder") ? "coder" : request.system.contains("conductor") ? "conductor" : "designer"
            requests.append(role)
            switch role {
            case "coder": return ChatReply(content: coderReply, finishReason: "stop", promptTokens: 1, completionTokens: 1)
            case "conductor": return ChatReply(content: "DECISION: fix", finishReason: "stop", promptTokens: 1, completionTokens: 1)
            default: return ChatReply(content: "Tile it.", finishReason: "stop", promptTokens: 1, completionTokens: 1)
            }
        }
    }

    static func session(_ model: ScriptedModel, budget: Int = 6) throws -> AgentSession {
        let problem: [String: Any] = [
            "format": "akg.tuning-problem+json/1",
            "kernel": ["name": "kernel_x", "signature": "void kernel_x(int n, double A[10])",
                       "source": "void kernel_x(int n, double A[10]) { for (int i = 0; i < n; i++) A[i] = 0; }"],
            "budget": ["candidates": budget],
            "seeds": [["preset": "pluto"], ["preset": "isl"]],
        ]
        let workflow = try Workflow.load(path: TestSupport.packageRoot
            .appendingPathComponent("Plugins/LLMAgent/Agent/Resources/workflow.json").path)
        return AgentSession(problem: try AgentProblem(json: try JSONSerialization.data(withJSONObject: problem)),
                            workflow: workflow, settings: LLMSettings(), transport: model, transcriptPath: nil)
    }

    func testAModelRepeatingItselfIsStoppedAndTheSeedsTakeOver() throws {
        let model = ScriptedModel(coderReply: "```c\nvoid kernel_x(int n, double A[10]) { }\n```")
        let agent = try Self.session(model)
        var codes: [String] = []
        var messages: [String] = []
        let diagnose: AgentSession.Diagnose = { _, code, message in messages.append("\(code): \(message)") }
        for round in 0..<4 {
            guard let (id, document) = agent.propose(max: 1, diagnose: diagnose, isCancelled: { false }).first else { break }
            codes.append(id)
            // The first is refused, every later one is the same code again.
            let status = id.hasPrefix("code") ? (round == 0 ? "refused" : "duplicate") : "ok"
            XCTAssertTrue(agent.observe(id: id, result: ["status": status, "duplicateOf": "code1"]))
            if id.hasPrefix("seed") { XCTAssertTrue(document.contains("preset"), document) }
        }
        // code1 refused, code2 and code3 duplicates: the model is repeating
        // itself, so the fourth round proposes a seed without asking it.
        XCTAssertEqual(codes, ["code1", "code2", "code3", "seed0"])
        XCTAssertTrue(messages.contains { $0.hasPrefix("llm.repeating") }, "\(messages)")
        let coderCalls = model.requests.filter { $0 == "coder" }.count
        XCTAssertEqual(coderCalls, 3, "no coder request after the repetition: \(model.requests)")
    }

    func testCodeThatDoesNotDefineTheKernelStillReachesTheHost() throws {
        // A model that never writes the function: after asking again, the
        // agent proposes what it wrote, so the host's verdict becomes feedback.
        let model = ScriptedModel(coderReply: "```c\n#include <stdio.h>\n#include <stdio.h>\n```")
        let agent = try Self.session(model)
        var messages: [String] = []
        let proposed = agent.propose(max: 1, diagnose: { _, code, _ in messages.append(code) }, isCancelled: { false })
        XCTAssertEqual(proposed.first?.id, "code1")
        XCTAssertTrue(proposed.first?.document.contains("#include <stdio.h>") == true)
        XCTAssertEqual(messages, ["llm.no-code", "llm.no-kernel"])
    }
}
