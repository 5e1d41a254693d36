import Foundation

/// A role's prompt: the system part and a user template with `{{name}}` slots.
public struct PromptTemplate: Sendable {
    public var system: String
    public var user: String

    /// Splits a prompt file at its `---user---` line.
    public init(text: String) {
        if let range = text.range(of: "\n---user---\n") {
            system = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
            user = String(text[range.upperBound...])
        } else {
            system = ""
            user = text
        }
    }

    /// Fills every `{{name}}` from `values`; unknown names become empty.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[name] ?? ""
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

/// One role of the workflow document.
public struct RoleDefinition: Sendable {
    public var prompt: PromptTemplate
    /// Requests this role may make in one session.
    public var maxSteps: Int
    /// For the coder: replies it may give for one candidate before giving up on it.
    public var maxAttemptsPerCandidate: Int
}

/// The workflow document (`workflow.json`, docs/llm-agent.md): the roles,
/// their prompts and step limits, and the target-language documents.
public struct Workflow: Sendable {
    /// `code` (only source candidates) or `mixed` (the conductor may ask for
    /// scheduler configurations too).
    public var mode: String
    public var maxCandidates: Int
    /// Requests (all roles together) spent on one candidate at most.
    public var maxStepsPerCandidate: Int
    /// Longest text pasted into a prompt from one field (source, verdict, …).
    public var maxFieldChars: Int
    public var roles: [String: RoleDefinition]
    /// Backend id → the conventions document of its language (the file's text).
    public var languages: [String: String]
    public var origin: String

    public static let requiredRoles = ["designer", "coder", "conductor"]

    /// Reads `path`; prompt and language paths are relative to its folder.
    public static func load(path: String) throws -> Workflow {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LLMError.settings("cannot read the workflow document \(path)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw LLMError.settings("\(path): not a JSON object")
        }
        let folder = (path as NSString).deletingLastPathComponent
        func read(_ relative: String, what: String) throws -> String {
            let file = relative.hasPrefix("/") ? relative : folder + "/" + relative
            guard let text = FileManager.default.contents(atPath: file).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw LLMError.settings("\(path): cannot read \(what) \(file)")
            }
            return text
        }
        func positive(_ value: Any?, _ name: String, _ fallback: Int) throws -> Int {
            guard let value else { return fallback }
            guard let number = value as? NSNumber, !isJSONBoolean(value), number.intValue >= 1,
                  Double(number.intValue) == number.doubleValue else {
                throw LLMError.settings("\(path): \(name) must be a positive integer")
            }
            return number.intValue
        }
        let mode = object["mode"] as? String ?? "code"
        guard mode == "code" || mode == "mixed" else {
            throw LLMError.settings("\(path): mode must be \"code\" or \"mixed\", not \"\(mode)\"")
        }
        var roles: [String: RoleDefinition] = [:]
        let roleObjects = object["roles"] as? [String: Any] ?? [:]
        for (name, value) in roleObjects {
            guard let role = value as? [String: Any], let prompt = role["prompt"] as? String else {
                throw LLMError.settings("\(path): roles.\(name) needs a \"prompt\" file")
            }
            roles[name] = RoleDefinition(
                prompt: PromptTemplate(text: try read(prompt, what: "the \(name) prompt")),
                maxSteps: try positive(role["maxSteps"], "roles.\(name).maxSteps", 16),
                maxAttemptsPerCandidate: try positive(role["maxAttemptsPerCandidate"], "roles.\(name).maxAttemptsPerCandidate", 2))
        }
        for name in requiredRoles where roles[name] == nil {
            throw LLMError.settings("\(path): the workflow needs a \"\(name)\" role")
        }
        if mode == "mixed", roles["scheduler"] == nil {
            throw LLMError.settings("\(path): mode \"mixed\" needs a \"scheduler\" role")
        }
        var languages: [String: String] = [:]
        for (backend, file) in object["languages"] as? [String: String] ?? [:] {
            languages[backend] = try read(file, what: "the language document for \(backend)")
        }
        return Workflow(mode: mode, maxCandidates: try positive(object["maxCandidates"], "maxCandidates", 8),
                        maxStepsPerCandidate: try positive(object["maxStepsPerCandidate"], "maxStepsPerCandidate", 4),
                        maxFieldChars: try positive(object["maxFieldChars"], "maxFieldChars", 2400),
                        roles: roles, languages: languages, origin: path)
    }
}

/// Pulls the code (or JSON) out of a model's reply.
public enum CodeExtraction {
    /// The fenced blocks of `text`, with their info strings. An unterminated
    /// last fence (the reply hit max_tokens) counts as a block too.
    public static func fencedBlocks(_ text: String) -> [(language: String, body: String)] {
        var blocks: [(String, String)] = []
        var current: (String, [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if let open = current {
                    blocks.append((open.0, open.1.joined(separator: "\n")))
                    current = nil
                } else {
                    current = (String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces).lowercased(), [])
                }
            } else if current != nil {
                current?.1.append(line)
            }
        }
        if let open = current, !open.1.isEmpty { blocks.append((open.0, open.1.joined(separator: "\n"))) }
        return blocks
    }

    static let cLanguages: Set<String> = ["", "c", "c99", "cpp", "c++", "h"]

    /// The kernel source in `reply`: the longest C-like block that defines
    /// `function`, else the whole reply when it defines the function without
    /// fences. Nil when there is none.
    public static func code(in reply: String, function: String) -> String? {
        let blocks = fencedBlocks(reply).filter { cLanguages.contains($0.language) }
        func defines(_ text: String) -> Bool { text.contains(function + "(") && text.contains("{") }
        if let best = blocks.filter({ defines($0.body) }).max(by: { $0.body.count < $1.body.count }) {
            return best.body.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        }
        if blocks.isEmpty, defines(reply) { return reply.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" }
        return nil
    }

    /// The longest non-empty C-like block of `reply`, whatever it defines:
    /// what the coder wrote when it never defined the kernel. Proposing it
    /// lets the host say exactly what is wrong with it.
    public static func anyCode(in reply: String) -> String? {
        let blocks = fencedBlocks(reply).filter {
            cLanguages.contains($0.language) && !$0.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        return blocks.max(by: { $0.body.count < $1.body.count })
            .map { $0.body.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" }
    }

    /// The text of the first JSON block, else the first `{ … }` span; the
    /// host judges whether it is a valid scheduler document.
    public static func json(in reply: String) -> String? {
        if let block = fencedBlocks(reply).first(where: { $0.language == "json" || $0.body.trimmingCharacters(in: .whitespaces).hasPrefix("{") }) {
            return block.body.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let open = reply.firstIndex(of: "{"), let close = reply.lastIndex(of: "}"), open < close else { return nil }
        return String(reply[open...close])
    }

    /// The conductor's decision: the word after `DECISION:`, else the first
    /// decision word in the reply; nil when none is there.
    public static func decision(in reply: String) -> String? {
        let words = ["fix", "optimise", "optimize", "schedule", "stop"]
        let lower = reply.lowercased()
        var searchArea = Substring(lower)
        if let marker = lower.range(of: "decision:") { searchArea = lower[marker.upperBound...] }
        let found = words.compactMap { word -> (String, String.Index)? in
            searchArea.range(of: word).map { (word, $0.lowerBound) }
        }.min { $0.1 < $1.1 }
        guard let word = found?.0 else { return nil }
        return word == "optimize" ? "optimise" : word
    }
}
