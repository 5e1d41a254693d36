import Foundation

/// Reads model replies: server-sent event streams and whole JSON bodies, in
/// the OpenAI and Anthropic shapes. Unknown keys and events are ignored; an
/// event that is not JSON, or a stream that ends before the model finished,
/// is an error that says which.
enum StreamParser {
    /// The `data:` payloads of an event stream, with the event names before them.
    static func events(_ text: String) -> [(event: String?, data: String)] {
        var result: [(String?, String)] = []
        var event: String?
        var data: [String] = []
        func flush() {
            if !data.isEmpty { result.append((event, data.joined(separator: "\n"))) }
            event = nil
            data = []
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { flush(); continue }
            if line.hasPrefix(":") { continue }
            if line.hasPrefix("data:") {
                data.append(String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("event:") {
                event = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces)
            }
        }
        flush()
        return result
    }

    static func object(_ payload: String, index: Int) throws -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any] else {
            let shown = payload.count > 120 ? String(payload.prefix(120)) + "…" : payload
            throw LLMError.malformed("event \(index + 1) of the stream is not a JSON object: \(shown)")
        }
        return object
    }

    static func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue }

    /// An error object inside a stream (OpenAI-compatible servers send one
    /// when generation fails after the 200 status went out).
    static func streamError(_ object: [String: Any]) -> LLMError? {
        guard let error = object["error"] else { return nil }
        let message = (error as? [String: Any]).flatMap { $0["message"] as? String } ?? "\(error)"
        return .transport("the server reported an error mid-stream: \(message)")
    }

    static func openAI(_ text: String) throws -> ChatReply {
        var reply = ChatReply(content: "")
        var done = false
        let events = events(text)
        if events.isEmpty, text.hasPrefix("{") {
            // A server that ignores "stream": true answers with one body.
            return try openAIWhole(text)
        }
        for (index, event) in events.enumerated() {
            if event.data == "[DONE]" { done = true; continue }
            let object = try object(event.data, index: index)
            if let error = streamError(object) { throw error }
            if let usage = object["usage"] as? [String: Any] {
                reply.promptTokens = int(usage["prompt_tokens"]) ?? reply.promptTokens
                reply.completionTokens = int(usage["completion_tokens"]) ?? reply.completionTokens
            }
            guard let choices = object["choices"] as? [[String: Any]], let choice = choices.first else { continue }
            if let delta = choice["delta"] as? [String: Any], let piece = delta["content"] as? String {
                reply.content += piece
            }
            if let reason = choice["finish_reason"] as? String { reply.finishReason = reason }
        }
        guard done || reply.finishReason != nil else {
            throw LLMError.transport("the stream ended before the model finished (\(events.count) events, "
                + "\(reply.content.count) characters received); the server may have stopped")
        }
        return reply
    }

    static func openAIWhole(_ text: String) throws -> ChatReply {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            let shown = text.count > 120 ? String(text.prefix(120)) + "…" : text
            throw LLMError.malformed("the reply is not a JSON object: \(shown)")
        }
        if let error = streamError(object) { throw error }
        guard let choices = object["choices"] as? [[String: Any]], let choice = choices.first,
              let message = choice["message"] as? [String: Any] else {
            throw LLMError.malformed("the reply has no choices[0].message")
        }
        var reply = ChatReply(content: message["content"] as? String ?? "", finishReason: choice["finish_reason"] as? String)
        if let usage = object["usage"] as? [String: Any] {
            reply.promptTokens = int(usage["prompt_tokens"])
            reply.completionTokens = int(usage["completion_tokens"])
        }
        return reply
    }

    static func anthropic(_ text: String) throws -> ChatReply {
        var reply = ChatReply(content: "")
        var done = false
        let events = events(text)
        if events.isEmpty, text.hasPrefix("{") { return try anthropicWhole(text) }
        for (index, event) in events.enumerated() {
            let object = try object(event.data, index: index)
            switch object["type"] as? String ?? event.event ?? "" {
            case "message_start":
                let usage = (object["message"] as? [String: Any])?["usage"] as? [String: Any]
                reply.promptTokens = int(usage?["input_tokens"])
            case "content_block_delta":
                if let delta = object["delta"] as? [String: Any], let piece = delta["text"] as? String {
                    reply.content += piece
                }
            case "message_delta":
                if let delta = object["delta"] as? [String: Any], let reason = delta["stop_reason"] as? String {
                    reply.finishReason = reason
                }
                if let usage = object["usage"] as? [String: Any] {
                    reply.completionTokens = int(usage["output_tokens"]) ?? reply.completionTokens
                }
            case "message_stop":
                done = true
            case "error":
                let message = (object["error"] as? [String: Any])?["message"] as? String ?? "\(object)"
                throw LLMError.transport("the server reported an error mid-stream: \(message)")
            default:
                break
            }
        }
        guard done else {
            throw LLMError.transport("the stream ended before message_stop (\(events.count) events, "
                + "\(reply.content.count) characters received); the server may have stopped")
        }
        return reply
    }

    static func anthropicWhole(_ text: String) throws -> ChatReply {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            let shown = text.count > 120 ? String(text.prefix(120)) + "…" : text
            throw LLMError.malformed("the reply is not a JSON object: \(shown)")
        }
        let blocks = object["content"] as? [[String: Any]] ?? []
        var reply = ChatReply(content: blocks.compactMap { $0["text"] as? String }.joined(),
                              finishReason: object["stop_reason"] as? String)
        let usage = object["usage"] as? [String: Any]
        reply.promptTokens = int(usage?["input_tokens"])
        reply.completionTokens = int(usage?["output_tokens"])
        return reply
    }
}
