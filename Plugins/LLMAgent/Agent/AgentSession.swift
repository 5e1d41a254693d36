import Foundation

/// What the agent reads from `akg.tuning-problem+json/1`.
public struct AgentProblem {
    public var kernelName: String
    public var signature: String
    public var source: String
    public var dependences: String
    public var baselineCode: String
    public var backendID: String
    public var capabilities: String
    public var budgetCandidates: Int?
    /// The host's suggested configurations, as candidate documents; the
    /// agent proposes them when the model cannot be reached.
    public var seedCandidates: [String]
    public var options: [String: Any]

    public init(json: Data) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw LLMError.settings("the problem document is not a JSON object")
        }
        if let format = object["format"] as? String, format != "akg.tuning-problem+json/1" {
            throw LLMError.settings("the problem's format is \(format), not akg.tuning-problem+json/1")
        }
        guard let kernel = object["kernel"] as? [String: Any], let name = kernel["name"] as? String else {
            throw LLMError.settings("the problem has no kernel.name")
        }
        guard let signature = kernel["signature"] as? String, let source = kernel["source"] as? String else {
            throw LLMError.settings("the problem has no kernel.signature or kernel.source; this host is too old for a strategy that writes code")
        }
        kernelName = name
        self.signature = signature
        self.source = source
        dependences = kernel["dependences"] as? String ?? "(not known)"
        baselineCode = kernel["baselineCode"] as? String ?? source
        let backend = object["backend"] as? [String: Any] ?? [:]
        backendID = backend["id"] as? String ?? "unknown"
        if let capabilities = backend["capabilities"].map(AgentProblem.withoutMachineInstance),
           let data = try? JSONSerialization.data(withJSONObject: capabilities, options: [.sortedKeys]) {
            self.capabilities = String(decoding: data, as: UTF8.self)
        } else {
            capabilities = "(not known)"
        }
        budgetCandidates = ((object["budget"] as? [String: Any])?["candidates"] as? NSNumber)?.intValue
        seedCandidates = (object["seeds"] as? [[String: Any]] ?? []).compactMap { seed in
            (try? JSONSerialization.data(withJSONObject: ["knobs": seed], options: [.sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) }
        }
        options = object["strategyOptions"] as? [String: Any] ?? [:]
    }

    /// The capabilities without what tells one machine from another of the
    /// same kind and changes no optimisation: the total memory
    /// (`device.memoryBytes`, which differs by a few MiB between VMs of one
    /// size). The prompts, and so the recorded transcripts' keys, then stay
    /// the same on every such machine.
    static func withoutMachineInstance(_ capabilities: Any) -> Any {
        guard var document = capabilities as? [String: Any] else { return capabilities }
        if var device = document["device"] as? [String: Any] {
            device["memoryBytes"] = nil
            document["device"] = device
        }
        return document
    }
}

/// One conversation between the roles and the host, from `open` to `close`.
///
/// Each `propose` makes one candidate: the designer plans once, then for
/// every candidate after the first the conductor reads the host's verdict on
/// the last one and decides (fix, optimise, schedule, stop), and the coder
/// writes the code (or the scheduler role a configuration). The agent never
/// builds or runs anything; it only reads what `observe` tells it.
///
/// When the model cannot be reached the agent says why in a warning and
/// proposes the host's seed configurations instead, so the run goes on; an
/// error that retrying cannot fix (a wrong key, a replay miss) stops it
/// asking the model for the rest of the session.
public final class AgentSession {
    public typealias Diagnose = (_ level: Int, _ code: String, _ message: String) -> Void

    struct Attempt {
        var id: String
        var code: String?
        var result: [String: Any]?
    }

    let problem: AgentProblem
    let workflow: Workflow
    let settings: LLMSettings
    let transport: ChatTransport
    let transcriptPath: String?

    private(set) var plan: String?
    private(set) var attempts: [Attempt] = []
    private(set) var stepsUsed: [String: Int] = [:]
    private var nextSeed = 0
    private var counted = 0
    private var done = false
    private var modelDisabled = false
    private var advice = ""

    public init(problem: AgentProblem, workflow: Workflow, settings: LLMSettings, transport: ChatTransport,
                transcriptPath: String?) {
        self.problem = problem
        self.workflow = workflow
        self.settings = settings
        self.transport = transport
        self.transcriptPath = transcriptPath
    }

    var budget: Int { min(problem.budgetCandidates ?? Int.max, workflow.maxCandidates) }

    /// Up to one candidate: (id, candidate document). None ends the search.
    public func propose(max: Int, diagnose: Diagnose, isCancelled: @escaping () -> Bool) -> [(id: String, document: String)] {
        guard max > 0, !done, counted < budget, !isCancelled() else { return [] }
        if modelDisabled { return fallback(diagnose) }
        if repeatingItself {
            // A model at low temperature that wrote the same code twice in
            // a row will write it again; its budget is better spent on the
            // host's seeds than on more identical replies.
            modelDisabled = true
            diagnose(2, "llm.repeating", "the model's last \(Self.repetitionLimit) candidates were code it had already written; the agent stops asking it")
            return fallback(diagnose)
        }
        var stepsForCandidate = 0
        do {
            if plan == nil {
                if let reply = try ask("designer", values: commonValues(), steps: &stepsForCandidate) {
                    plan = reply.content.trimmingCharacters(in: .whitespacesAndNewlines)
                } else {
                    plan = "(no plan)"
                }
            }
            var decision = "write"
            if let last = attempts.last(where: { $0.result != nil }) {
                decision = try conduct(last, steps: &stepsForCandidate)
                if decision == "stop" {
                    done = true
                    diagnose(1, "llm.stop", "the conductor decided to stop after \(attempts.count) candidate(s)")
                    return []
                }
            }
            if decision == "schedule", workflow.mode == "mixed" {
                var values = commonValues()
                values["feedback"] = feedback(for: attempts.last?.result)
                guard let reply = try ask("scheduler", values: values, steps: &stepsForCandidate) else {
                    return fallback(diagnose)
                }
                let text = CodeExtraction.json(in: reply.content) ?? reply.content
                // The host judges the document; malformed text comes back as `invalid`.
                let document = "{\"scheduler\":" + text + "}"
                return [record(Attempt(id: "sched\(attempts.count + 1)", code: nil), document: document)]
            }
            guard let code = try writeCode(decision: decision, steps: &stepsForCandidate, diagnose: diagnose) else {
                return fallback(diagnose)
            }
            let data = try JSONSerialization.data(withJSONObject: ["source": code], options: [.sortedKeys])
            return [record(Attempt(id: "code\(attempts.count + 1)", code: code), document: String(decoding: data, as: UTF8.self))]
        } catch let error as LLMError {
            diagnose(2, "llm.request-failed", "\(error)"
                     + (error.isFatal ? "; the agent stops asking the model" : "; the agent tries again next round"))
            if error.isFatal { modelDisabled = true }
            return fallback(diagnose)
        } catch {
            diagnose(2, "llm.request-failed", "\(error)")
            return fallback(diagnose)
        }
    }

    /// Consecutive duplicate candidates after which the model is taken to
    /// be repeating itself.
    static let repetitionLimit = 2

    /// The last `repetitionLimit` code attempts were all duplicates.
    var repeatingItself: Bool {
        let recent = attempts.suffix(Self.repetitionLimit)
        return recent.count == Self.repetitionLimit
            && recent.allSatisfy { $0.code != nil && ($0.result?["status"] as? String) == "duplicate" }
    }

    /// Takes the host's verdict on `id`; false for an id never proposed.
    @discardableResult
    public func observe(id: String, result: [String: Any]) -> Bool {
        guard let index = attempts.firstIndex(where: { $0.id == id }) else {
            // The fallback's seed candidates are not conversations; a
            // duplicate one still costs nothing.
            guard id.hasPrefix("seed") else { return false }
            if result["status"] as? String == "duplicate" { counted -= 1 }
            return true
        }
        attempts[index].result = result
        if result["status"] as? String == "duplicate" { counted -= 1 }
        return true
    }

    private func record(_ attempt: Attempt, document: String) -> (id: String, document: String) {
        attempts.append(attempt)
        counted += 1
        return (attempt.id, document)
    }

    /// The host's next seed configuration, when the model gave no candidate.
    private func fallback(_ diagnose: Diagnose) -> [(id: String, document: String)] {
        guard nextSeed < problem.seedCandidates.count else {
            done = true
            return []
        }
        let id = "seed\(nextSeed)"
        diagnose(2, "llm.fallback", "no candidate from the model this round; proposing the host's seed configuration \(id) instead")
        nextSeed += 1
        counted += 1
        return [(id, problem.seedCandidates[nextSeed - 1])]
    }

    private func conduct(_ last: Attempt, steps: inout Int) throws -> String {
        let status = last.result?["status"] as? String ?? "unknown"
        let anyVerified = attempts.contains { ($0.result?["status"] as? String) == "ok" }
        var values = commonValues()
        values["attempt"] = "\(attempts.count)"
        values["max_attempts"] = "\(budget == Int.max ? workflow.maxCandidates : budget)"
        values["verdict"] = verdict(last.result)
        values["best"] = bestText()
        var decision = status == "ok" ? "optimise" : "fix"
        advice = ""
        if let reply = try ask("conductor", values: values, steps: &steps) {
            if let said = CodeExtraction.decision(in: reply.content) { decision = said }
            advice = reply.content.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Stopping before anything verified gives the user nothing; a
        // schedule request only makes sense in mixed mode.
        if decision == "stop", !anyVerified { decision = "fix" }
        if decision == "schedule", workflow.mode != "mixed" { decision = status == "ok" ? "optimise" : "fix" }
        if decision == "fix", status == "ok" { decision = "optimise" }
        return decision
    }

    private func writeCode(decision: String, steps: inout Int, diagnose: Diagnose) throws -> String? {
        var values = commonValues()
        let last = attempts.last { $0.code != nil && $0.result != nil }
        switch decision {
        case "fix":
            values["starting_code"] = clip(last?.code ?? problem.baselineCode)
            values["feedback"] = "\nThat is the last attempt; it failed:\n" + verdict(last?.result) + advisory()
                + "\nFix it. If it cannot be fixed, start again from the signature."
        case "optimise":
            let best = bestAttempt()
            values["starting_code"] = clip(best?.code ?? problem.baselineCode)
            values["feedback"] = "\nThat code is correct: " + verdict(best?.result) + advisory()
                + "\nMake it faster without changing its results."
        default:
            values["starting_code"] = clip(problem.baselineCode)
            values["feedback"] = ""
        }
        guard let role = workflow.roles["coder"] else { return nil }
        var conversation: [ChatMessage] = []
        for attempt in 0..<role.maxAttemptsPerCandidate {
            let request = attempt == 0 ? nil : conversation
            guard let reply = try ask("coder", values: values, steps: &steps, conversation: request) else { return nil }
            if let code = CodeExtraction.code(in: reply.content, function: problem.kernelName) { return code }
            let lastAttempt = attempt + 1 >= role.maxAttemptsPerCandidate
            if lastAttempt, let code = CodeExtraction.anyCode(in: reply.content) {
                // Every piece of code the agent writes goes to the host: its
                // verdict (say, "does not define kernel_gemm") is better
                // feedback for the conductor than silence.
                diagnose(2, "llm.no-kernel", "the coder's code does not define \(problem.kernelName); proposing it anyway for the host's verdict")
                return code
            }
            diagnose(2, "llm.no-code", "the coder's reply has no code block defining \(problem.kernelName)"
                     + (lastAttempt ? "; giving up on this candidate" : "; asking again"))
            if conversation.isEmpty {
                conversation = [ChatMessage(role: "user", content: PromptTemplate.fill(role.prompt.user, values))]
            }
            conversation.append(ChatMessage(role: "assistant", content: reply.content))
            conversation.append(ChatMessage(role: "user", content:
                "Your reply has no ```c code block defining \(problem.kernelName). Reply with the complete C file in one ```c block."))
        }
        return nil
    }

    /// Sends one role's request, within that role's and this candidate's
    /// step limits; nil when a limit is reached.
    private func ask(_ roleName: String, values: [String: String], steps: inout Int,
                     conversation: [ChatMessage]? = nil) throws -> ChatReply? {
        guard let role = workflow.roles[roleName] else { return nil }
        guard stepsUsed[roleName, default: 0] < role.maxSteps, steps < workflow.maxStepsPerCandidate else { return nil }
        stepsUsed[roleName, default: 0] += 1
        steps += 1
        let messages = conversation ?? [ChatMessage(role: "user", content: PromptTemplate.fill(role.prompt.user, values))]
        let request = ChatRequest(endpoint: settings.endpoint(for: roleName),
                                  system: PromptTemplate.fill(role.prompt.system, values), messages: messages)
        let started = Date()
        do {
            let reply = try transport.send(request, isCancelled: { false })
            writeTranscript(role: roleName, request: request, reply: reply, error: nil, seconds: Date().timeIntervalSince(started))
            return reply
        } catch {
            writeTranscript(role: roleName, request: request, reply: nil, error: "\(error)", seconds: Date().timeIntervalSince(started))
            throw error
        }
    }

    private func commonValues() -> [String: String] {
        [
            "kernel_name": problem.kernelName,
            "signature": problem.signature,
            "source": clip(problem.source),
            "dependences": clip(problem.dependences),
            "target": clip(problem.capabilities),
            "dsl": workflow.languages[problem.backendID] ?? "Write the kernel in the backend's language (\(problem.backendID)).",
            "plan": clip(plan ?? "(no plan)"),
            "baseline_code": clip(problem.baselineCode),
        ]
    }

    private func advisory() -> String {
        advice.isEmpty ? "" : "\nThe conductor's advice: " + clip(advice, limit: 400)
    }

    private func bestAttempt() -> Attempt? {
        attempts.filter { ($0.result?["status"] as? String) == "ok" && $0.code != nil }
            .max { speedup($0.result) < speedup($1.result) }
    }

    private func speedup(_ result: [String: Any]?) -> Double { (result?["speedup"] as? NSNumber)?.doubleValue ?? 0 }

    private func bestText() -> String {
        guard let best = attempts.filter({ ($0.result?["status"] as? String) == "ok" }).max(by: { speedup($0.result) < speedup($1.result) })
        else { return "nothing has verified yet" }
        return "\(best.id), " + speedWords(speedup(best.result))
    }

    /// Speedups in words: the prompts must not change with timing noise, or
    /// recorded conversations would not replay.
    private func speedWords(_ speedup: Double) -> String {
        switch speedup {
        case ..<0.9: return "slower than the original"
        case ..<1.1: return "about as fast as the original"
        case ..<2: return "faster than the original (1.1x to 2x)"
        default: return "much faster than the original (over 2x)"
        }
    }

    /// The host's verdict on a candidate, as the prompts show it.
    func verdict(_ result: [String: Any]?) -> String {
        guard let result else { return "(no result)" }
        let status = result["status"] as? String ?? "unknown"
        switch status {
        case "ok":
            return "verified correct; " + speedWords(speedup(result))
        case "duplicate":
            return "the same code as an earlier attempt (\(result["duplicateOf"] as? String ?? "?")); write something different"
        default:
            let refusal = (result["refusal"] as? String).map { " (\($0))" } ?? ""
            // Compiler messages are deterministic; the verifier's numbers
            // (random inputs, fresh seeds every run) are not, so they are masked.
            var message = AgentSession.stableText(result["message"] as? String ?? "")
            if result["refusal"] as? String != "build-failed" { message = AgentSession.maskingNumbers(message) }
            return "\(status)\(refusal): " + clip(message, limit: min(workflow.maxFieldChars, 1200))
        }
    }

    /// `message` without absolute paths (temporary build folders differ
    /// between runs), so the prompts replay.
    static func stableText(_ message: String) -> String {
        var out = ""
        var index = message.startIndex
        while index < message.endIndex {
            let character = message[index]
            let previous = index == message.startIndex ? " " : message[message.index(before: index)]
            // A path starts after a separator, or glued to a compiler flag
            // (-I/checkout/include): checkouts live in different folders.
            let flag = index > message.index(message.startIndex, offsetBy: 1)
                && message[message.index(index, offsetBy: -2)] == "-" && (previous == "I" || previous == "L")
            if character == "/", flag || previous == " " || previous == "'" || previous == "\"" || previous == "(" || previous == "\n" || previous == "=" {
                var end = index
                while end < message.endIndex, !" \n'\":)".contains(message[end]) { end = message.index(after: end) }
                let path = message[index..<end]
                out += path.split(separator: "/").last.map(String.init) ?? ""
                index = end
                continue
            }
            out.append(character)
            index = message.index(after: index)
        }
        return out
    }

    /// `text` with every number written as `#`.
    static func maskingNumbers(_ text: String) -> String {
        var out = ""
        var inNumber = false
        for character in text {
            let numeric = character.isNumber || (inNumber && (character == "." || character == "e" || character == "-" || character == "+"))
            if numeric {
                if !inNumber { out.append("#") }
                inNumber = true
            } else {
                inNumber = false
                out.append(character)
            }
        }
        return out
    }

    private func feedback(for result: [String: Any]?) -> String {
        guard let result else { return "" }
        return "\nThe last attempt's verdict: " + verdict(result)
    }

    private func clip(_ text: String, limit: Int? = nil) -> String {
        let limit = limit ?? workflow.maxFieldChars
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "\n… (\(text.count - limit) more characters)"
    }

    private func writeTranscript(role: String, request: ChatRequest, reply: ChatReply?, error: String?, seconds: Double) {
        guard let transcriptPath else { return }
        var entry: [String: Any] = ["role": role, "candidate": "\(attempts.count + 1)", "model": request.endpoint.model,
                                    "system": request.system,
                                    "messages": request.messages.map { ["role": $0.role, "content": $0.content] },
                                    "seconds": (seconds * 1000).rounded() / 1000]
        if let reply {
            entry["reply"] = reply.content
            entry["fromCache"] = reply.fromCache
            if let tokens = reply.promptTokens { entry["promptTokens"] = tokens }
            if let tokens = reply.completionTokens { entry["completionTokens"] = tokens }
            if let reason = reply.finishReason { entry["finishReason"] = reason }
        }
        if let error { entry["error"] = error }
        guard var line = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        if let handle = FileHandle(forWritingAtPath: transcriptPath) {
            handle.seekToEndOfFile()
            handle.write(line)
            handle.closeFile()
        } else {
            _ = FileManager.default.createFile(atPath: transcriptPath, contents: line)
        }
    }
}
