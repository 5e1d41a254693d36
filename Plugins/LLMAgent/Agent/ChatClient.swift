import CCurl
import Foundation
import SystemShims

/// One message of a conversation.
public struct ChatMessage: Sendable, Equatable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A request for one reply: who answers (the role's endpoint), the system
/// prompt and the conversation so far.
public struct ChatRequest: Sendable {
    public var endpoint: RoleEndpoint
    public var system: String
    public var messages: [ChatMessage]

    public init(endpoint: RoleEndpoint, system: String, messages: [ChatMessage]) {
        self.endpoint = endpoint
        self.system = system
        self.messages = messages
    }

    /// What decides the answer, as a JSON object: model, prompts and
    /// sampling parameters. Never the URL or the key, so a recorded answer
    /// replays against any server and a cache file holds no secret.
    public var identity: [String: Any] {
        [
            "provider": endpoint.provider.rawValue,
            "model": endpoint.model,
            "system": system,
            "messages": messages.map { ["role": $0.role, "content": $0.content] },
            "temperature": endpoint.temperature,
            "max_tokens": endpoint.maxTokens,
        ]
    }
}

/// A model's reply and what it cost.
public struct ChatReply: Sendable, Equatable {
    public var content: String
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// True when the reply came from the cache instead of a server.
    public var fromCache = false

    public init(content: String, finishReason: String? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil) {
        self.content = content
        self.finishReason = finishReason
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
    }
}

/// Anything that answers chat requests: the libcurl client, the cache in
/// front of it, or a test double.
public protocol ChatTransport: AnyObject {
    func send(_ request: ChatRequest, isCancelled: @escaping () -> Bool) throws -> ChatReply
}

/// The HTTP client: OpenAI-compatible chat completions and Anthropic's
/// messages API over libcurl, streamed (SSE) by default.
///
/// Every request has a connect timeout, a total timeout and a stall limit, so
/// a call never blocks forever. 429, 5xx and transport failures (refused
/// connections, streams cut short) are retried `retries` times with
/// exponential backoff; other HTTP errors are not. The key is read from the
/// environment for each request and scrubbed from every message.
public final class CurlChatClient: ChatTransport {
    private let environment: [String: String]
    private let sleep: (Double) -> Void

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.environment = environment
        self.sleep = sleep
        CurlChatClient.initializeOnce
    }

    private static let initializeOnce: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public func send(_ request: ChatRequest, isCancelled: @escaping () -> Bool) throws -> ChatReply {
        let endpoint = request.endpoint
        let key = endpoint.apiKey(environment: environment)
        var attempt = 0
        while true {
            do {
                return try sendOnce(request, key: key, isCancelled: isCancelled)
            } catch let error as LLMError {
                let retryable: Bool
                switch error {
                case .http(let status, _, _): retryable = status == 429 || status >= 500
                case .transport: retryable = true
                default: retryable = false
                }
                guard retryable, attempt < endpoint.retries, !isCancelled() else { throw error }
                sleep(min(8, 0.5 * pow(2, Double(attempt))))
                attempt += 1
            }
        }
    }

    /// The request body in the provider's shape.
    static func body(for request: ChatRequest) -> [String: Any] {
        let endpoint = request.endpoint
        let messages = request.messages.map { ["role": $0.role, "content": $0.content] }
        switch endpoint.provider {
        case .openai:
            var body: [String: Any] = [
                "model": endpoint.model,
                "messages": [["role": "system", "content": request.system]] + messages,
                "temperature": endpoint.temperature,
                "max_tokens": endpoint.maxTokens,
                "stream": endpoint.stream,
            ]
            if endpoint.stream { body["stream_options"] = ["include_usage": true] }
            return body
        case .anthropic:
            return [
                "model": endpoint.model, "system": request.system, "messages": messages,
                "temperature": endpoint.temperature, "max_tokens": endpoint.maxTokens, "stream": endpoint.stream,
            ]
        }
    }

    private func sendOnce(_ request: ChatRequest, key: String?, isCancelled: @escaping () -> Bool) throws -> ChatReply {
        let endpoint = request.endpoint
        let url = endpoint.baseURL + (endpoint.provider == .openai ? "/chat/completions" : "/messages")
        let body = try JSONSerialization.data(withJSONObject: CurlChatClient.body(for: request), options: [.sortedKeys])
        var headers = ["Content-Type: application/json", "Accept: " + (endpoint.stream ? "text/event-stream" : "application/json")]
        switch endpoint.provider {
        case .openai:
            if let key { headers.append("Authorization: Bearer \(key)") }
        case .anthropic:
            headers.append("anthropic-version: 2023-06-01")
            if let key { headers.append("x-api-key: \(key)") }
        }
        let response = try perform(url: url, headers: headers, body: body, endpoint: endpoint, isCancelled: isCancelled)
        func scrub(_ text: String) -> String {
            guard let key, !key.isEmpty else { return text }
            return text.replacingOccurrences(of: key, with: "[key redacted]")
        }
        if let failure = response.failure {
            // A stream cut short still counts as a transport failure even if
            // some bytes arrived.
            throw LLMError.transport(scrub("\(url): \(failure)"
                + (response.bytes.isEmpty ? "" : " after \(response.bytes.count) bytes of the reply")))
        }
        if response.status >= 400 {
            throw CurlChatClient.httpError(status: response.status, body: response.bytes, url: url, endpoint: endpoint, scrub: scrub)
        }
        let text = String(decoding: response.bytes, as: UTF8.self)
        do {
            if endpoint.stream {
                return try endpoint.provider == .openai ? StreamParser.openAI(text) : StreamParser.anthropic(text)
            }
            return try endpoint.provider == .openai ? StreamParser.openAIWhole(text) : StreamParser.anthropicWhole(text)
        } catch let error as LLMError {
            switch error {
            case .malformed(let message): throw LLMError.malformed(scrub("\(url): \(message)"))
            case .transport(let message): throw LLMError.transport(scrub("\(url): \(message)"))
            default: throw error
            }
        }
    }

    /// A diagnostic for an HTTP error, with the server's own message and a hint.
    static func httpError(status: Int, body: [UInt8], url: String, endpoint: RoleEndpoint,
                          scrub: (String) -> String) -> LLMError {
        let text = String(decoding: body, as: UTF8.self)
        var detail = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] {
            if let error = object["error"] as? [String: Any] {
                let kind = (error["type"] as? String).map { "\($0): " } ?? ""
                detail = kind + ((error["message"] as? String) ?? "\(error)")
            } else if let message = object["error"] as? String ?? object["message"] as? String {
                detail = message
            }
        }
        if detail.count > 500 { detail = String(detail.prefix(500)) + "…" }
        if detail.isEmpty { detail = "(empty body)" }
        var hint = ""
        switch status {
        case 401, 403:
            hint = endpoint.apiKeyEnv.map { "; check that the environment variable \($0) holds a valid key for this server" }
                ?? "; the server wants a key: name the environment variable that holds it with api_key_env in the settings"
        case 404:
            hint = "; check base_url (it should end where /chat/completions or /messages can be appended, often in /v1) and the model name"
        case 400 where detail.lowercased().contains("context"):
            hint = "; the prompt is longer than the model's context: lower max_tokens, use a model with a larger context, or a smaller kernel"
        case 429:
            hint = "; the server is rate limiting"
        default:
            break
        }
        let fatal = status == 401 || status == 403 || status == 404
        return .http(status: status, message: scrub("\(url) answered HTTP \(status): \(detail)\(hint)"), fatal: fatal)
    }

    struct RawResponse {
        var status: Int
        var bytes: [UInt8]
        var failure: String?
    }

    final class Sink {
        var bytes: [UInt8] = []
        let isCancelled: () -> Bool
        var cancelled = false
        init(isCancelled: @escaping () -> Bool) { self.isCancelled = isCancelled }
    }

    private func perform(url: String, headers: [String], body: Data, endpoint: RoleEndpoint,
                         isCancelled: @escaping () -> Bool) throws -> RawResponse {
        guard let handle = curl_easy_init() else { throw LLMError.transport("libcurl could not create a handle") }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        let sink = Sink(isCancelled: isCancelled)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let bodyText = String(decoding: body, as: UTF8.self)
        _ = akg_curl_setopt_string(handle, CURLOPT_URL, url)
        _ = akg_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = akg_curl_setopt_long(handle, CURLOPT_POST, 1)
        _ = akg_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
        _ = akg_curl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, bodyText)
        _ = akg_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
        _ = akg_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(endpoint.connectTimeoutSeconds * 1000))
        _ = akg_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(endpoint.timeoutSeconds * 1000))
        // A server that sends nothing for a minute has stalled.
        _ = akg_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
        _ = akg_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, 60)
        _ = akg_curl_setopt_string(handle, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1")
        _ = akg_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        _ = akg_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = akg_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
            if sink.isCancelled() {
                sink.cancelled = true
                return 0
            }
            return length
        }
        let code = curl_easy_perform(handle)
        var status = 0
        _ = akg_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var failure: String?
        if code != CURLE_OK {
            if sink.cancelled {
                failure = "the request was cancelled"
            } else {
                let detail = String(cString: errorBuffer)
                let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
                switch code {
                case CURLE_OPERATION_TIMEDOUT:
                    failure = "no complete answer within the time limit (\(reason)); raise timeout_seconds or lower max_tokens"
                case CURLE_COULDNT_CONNECT:
                    failure = "cannot connect (\(reason)); is the model server running at base_url?"
                case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
                    failure = "the server closed the connection before the answer was complete (\(reason))"
                default:
                    failure = reason
                }
            }
        }
        return RawResponse(status: status, bytes: sink.bytes, failure: failure)
    }
}
