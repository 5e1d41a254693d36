import Foundation

/// What `--llm-cache` asks for.
public enum CacheMode: String, Sendable {
    /// Always ask the server; remember nothing.
    case off
    /// Ask the server and store every answer.
    case record
    /// Never ask a server: answer from the stored files, fail on a miss.
    case replay
}

/// Record / replay in front of a transport.
///
/// Each answer is one JSON file in `directory`, named by the SHA-256 of the
/// request's identity (provider, model, system prompt, messages, temperature,
/// max_tokens, as canonical JSON). The file keeps that identity beside the
/// answer, so a transcript can be read and diffed; it never holds the URL or
/// the key.
public final class CachedTransport: ChatTransport {
    public let mode: CacheMode
    public let directory: String
    private let upstream: ChatTransport

    public init(mode: CacheMode, directory: String, upstream: ChatTransport) {
        self.mode = mode
        self.directory = directory
        self.upstream = upstream
    }

    /// The cache key of `request`.
    public static func key(for request: ChatRequest) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: request.identity, options: [.sortedKeys])) ?? Data()
        return SHA256.hex(String(decoding: data, as: UTF8.self))
    }

    public func send(_ request: ChatRequest, isCancelled: @escaping () -> Bool) throws -> ChatReply {
        let key = CachedTransport.key(for: request)
        let path = directory + "/" + key + ".json"
        switch mode {
        case .off:
            return try upstream.send(request, isCancelled: isCancelled)
        case .replay:
            guard let data = FileManager.default.contents(atPath: path),
                  let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let answer = object["reply"] as? [String: Any], let content = answer["content"] as? String else {
                throw LLMError.replayMiss("--llm-cache replay: no recorded answer for this \(request.endpoint.model) request "
                    + "(key \(key.prefix(16))…) in \(directory); the prompts changed since the recording, "
                    + "or record it with --llm-cache record against a server")
            }
            var reply = ChatReply(content: content, finishReason: answer["finish_reason"] as? String,
                                  promptTokens: (answer["prompt_tokens"] as? NSNumber)?.intValue,
                                  completionTokens: (answer["completion_tokens"] as? NSNumber)?.intValue)
            reply.fromCache = true
            return reply
        case .record:
            let reply = try upstream.send(request, isCancelled: isCancelled)
            var answer: [String: Any] = ["content": reply.content]
            if let reason = reply.finishReason { answer["finish_reason"] = reason }
            if let tokens = reply.promptTokens { answer["prompt_tokens"] = tokens }
            if let tokens = reply.completionTokens { answer["completion_tokens"] = tokens }
            let document: [String: Any] = ["format": "akg.llm-cache+json/1", "key": key,
                                           "request": request.identity, "reply": answer]
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw LLMError.settings("--llm-cache record: cannot write \(path): \(error.localizedDescription)")
            }
            return reply
        }
    }
}
