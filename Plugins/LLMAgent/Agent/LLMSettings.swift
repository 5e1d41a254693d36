import Foundation

/// Which wire protocol a model server speaks.
public enum LLMProvider: String, Sendable {
    /// `POST {base_url}/chat/completions` (OpenAI, llama.cpp, vLLM, Ollama, ...).
    case openai
    /// `POST {base_url}/messages` (Anthropic's messages API).
    case anthropic
}

/// How one role talks to its model: the settings file's top-level keys with
/// that role's `roles.<name>` overrides applied.
public struct RoleEndpoint: Sendable, Equatable {
    public var provider: LLMProvider
    public var baseURL: String
    public var model: String
    /// The *name* of the environment variable that holds the key; the key
    /// itself is read only when a request is sent and never stored.
    public var apiKeyEnv: String?
    public var temperature: Double
    public var maxTokens: Int
    public var timeoutSeconds: Double
    public var connectTimeoutSeconds: Double
    public var retries: Int
    public var stream: Bool

    /// The key from the environment, or nil when no variable is named or it is empty.
    public func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let name = apiKeyEnv, let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}

/// The LLM agent's settings file (docs/llm-agent.md).
///
/// A flat file with only top-level keys configures every role; `roles`
/// overrides any key for one role. Unknown keys are ignored, so one file can
/// serve newer and older agents.
public struct LLMSettings: Sendable {
    public var defaults: RoleEndpoint
    public var roleOverrides: [String: RoleEndpoint]
    /// Where the settings came from, for messages ("built-in defaults" when no file).
    public var origin: String

    public static let builtIn = RoleEndpoint(
        provider: .openai, baseURL: "http://127.0.0.1:8080/v1", model: "local", apiKeyEnv: nil,
        temperature: 0.2, maxTokens: 1024, timeoutSeconds: 300, connectTimeoutSeconds: 10, retries: 2, stream: true)

    public init(defaults: RoleEndpoint = LLMSettings.builtIn, roleOverrides: [String: RoleEndpoint] = [:],
                origin: String = "built-in defaults") {
        self.defaults = defaults
        self.roleOverrides = roleOverrides
        self.origin = origin
    }

    /// Reads a settings document; throws a message naming the file and the key.
    public init(json: Data, origin: String) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw LLMError.settings("\(origin): not a JSON object")
        }
        self.origin = origin
        self.defaults = try LLMSettings.apply(object, to: LLMSettings.builtIn, context: origin)
        var overrides: [String: RoleEndpoint] = [:]
        if let roles = object["roles"] {
            guard let roles = roles as? [String: Any] else { throw LLMError.settings("\(origin): 'roles' must be an object") }
            for (name, value) in roles {
                guard let value = value as? [String: Any] else {
                    throw LLMError.settings("\(origin): roles.\(name) must be an object")
                }
                overrides[name] = try LLMSettings.apply(value, to: defaults, context: "\(origin): roles.\(name)")
            }
        }
        self.roleOverrides = overrides
    }

    /// Loads `path`, or the default location when nil; a missing default file
    /// gives the built-in defaults, a missing named file is an error.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LLMSettings {
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LLMError.settings("cannot read the LLM settings file \(path)")
            }
            return try LLMSettings(json: data, origin: path)
        }
        let fallback = defaultPath(environment: environment)
        if let data = FileManager.default.contents(atPath: fallback) {
            return try LLMSettings(json: data, origin: fallback)
        }
        return LLMSettings()
    }

    /// `$AKG_HOME/llm.json`, with `AKG_HOME` resolved as the host does
    /// (`$XDG_DATA_HOME/akg`, else `~/.local/share/akg`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["AKG_HOME"], !home.isEmpty { return home + "/llm.json" }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/akg/llm.json" }
        let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return user + "/.local/share/akg/llm.json"
    }

    /// The endpoint for `role`: the defaults with the role's overrides.
    public func endpoint(for role: String) -> RoleEndpoint {
        roleOverrides[role] ?? defaults
    }

    private static func apply(_ object: [String: Any], to base: RoleEndpoint, context: String) throws -> RoleEndpoint {
        var result = base
        func number(_ key: String) throws -> Double? {
            guard let value = object[key] else { return nil }
            guard let number = value as? NSNumber, !isJSONBoolean(value), number.doubleValue.isFinite else {
                throw LLMError.settings("\(context): '\(key)' must be a number")
            }
            return number.doubleValue
        }
        func text(_ key: String) throws -> String? {
            guard let value = object[key] else { return nil }
            guard let string = value as? String else { throw LLMError.settings("\(context): '\(key)' must be a string") }
            return string
        }
        if let provider = try text("provider") {
            guard let known = LLMProvider(rawValue: provider) else {
                throw LLMError.settings("\(context): provider must be \"openai\" or \"anthropic\", not \"\(provider)\"")
            }
            result.provider = known
            // Anthropic's public endpoint, unless the file names another one.
            if known == .anthropic, object["base_url"] == nil, base.baseURL == builtIn.baseURL {
                result.baseURL = "https://api.anthropic.com/v1"
            }
        }
        if let url = try text("base_url") {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw LLMError.settings("\(context): base_url must start with http:// or https://, got \"\(url)\"")
            }
            result.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let model = try text("model") { result.model = model }
        if let key = try text("api_key_env") { result.apiKeyEnv = key.isEmpty ? nil : key }
        if object["api_key"] != nil {
            throw LLMError.settings("\(context): keys are not stored in settings files; put the key in an environment variable and name it with api_key_env")
        }
        if let temperature = try number("temperature") {
            guard temperature >= 0 else { throw LLMError.settings("\(context): temperature must be at least 0") }
            result.temperature = temperature
        }
        if let tokens = try number("max_tokens") {
            guard tokens >= 1, tokens == tokens.rounded() else {
                throw LLMError.settings("\(context): max_tokens must be a positive integer")
            }
            result.maxTokens = Int(tokens)
        }
        if let seconds = try number("timeout_seconds") {
            guard seconds > 0 else { throw LLMError.settings("\(context): timeout_seconds must be positive") }
            result.timeoutSeconds = seconds
        }
        if let seconds = try number("connect_timeout_seconds") {
            guard seconds > 0 else { throw LLMError.settings("\(context): connect_timeout_seconds must be positive") }
            result.connectTimeoutSeconds = seconds
        }
        if let retries = try number("retries") {
            guard retries >= 0, retries == retries.rounded() else {
                throw LLMError.settings("\(context): retries must be a non-negative integer")
            }
            result.retries = Int(retries)
        }
        if let stream = object["stream"] {
            guard let flag = stream as? Bool else { throw LLMError.settings("\(context): 'stream' must be true or false") }
            result.stream = flag
        }
        return result
    }
}

/// What can go wrong between the agent and a model server, in words a user can act on.
public enum LLMError: Error, CustomStringConvertible, Equatable {
    case settings(String)
    /// The server answered with an HTTP error; `fatal` when retrying cannot help.
    case http(status: Int, message: String, fatal: Bool)
    /// No usable answer: connection refused, timeout, a stream cut short, malformed JSON.
    case transport(String)
    case malformed(String)
    /// `--llm-cache replay` found no recorded answer for a request.
    case replayMiss(String)

    public var description: String {
        switch self {
        case .settings(let text), .transport(let text), .malformed(let text), .replayMiss(let text): return text
        case .http(_, let message, _): return message
        }
    }

    /// Whether asking again (the next round) is pointless.
    public var isFatal: Bool {
        switch self {
        case .settings, .replayMiss: return true
        case .http(_, _, let fatal): return fatal
        case .transport, .malformed: return false
        }
    }
}

/// Whether a value from JSONSerialization was `true`/`false` (a number 0 or 1
/// also casts to Bool, so `is Bool` cannot tell).
func isJSONBoolean(_ value: Any) -> Bool {
    let type = type(of: value)
    return type == Bool.self || String(describing: type).contains("Boolean")
}
