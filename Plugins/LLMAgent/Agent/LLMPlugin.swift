import Foundation
import PluginAPI
import PluginKit

// The `akg.strategy/1` functions of the LLM agent. They convert between the C
// ABI and `AgentSession`; the C tables that point at them are in
// Plugins/LLMAgent/Entry/entry.c.

/// What the plugin keeps between `initialize` and `shutdown`.
final class LLMPluginState {
    let host: HostConnection
    /// The folder holding workflow.json, prompts/ and dsl/.
    let resources: String

    init(host: HostConnection, resources: String) {
        self.host = host
        self.resources = resources
    }

    static func from(_ state: UnsafeMutableRawPointer?) -> LLMPluginState? {
        state.map { Unmanaged<LLMPluginState>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The shipped resources beside the library: SwiftPM's resource bundle
    /// in a build folder, or `akg-llm/` in an installed layout.
    static func resourceFolder(pluginPath: String) -> String {
        let folder = (pluginPath as NSString).deletingLastPathComponent
        let candidates = [folder + "/akg_LLMAgent.resources/Resources", folder + "/akg_LLMAgent.resources",
                          folder + "/akg-llm"]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/workflow.json") } ?? candidates[0]
    }
}

/// One agent between `open` and `close`. [serial], as the ABI promises.
final class LLMSessionBox {
    let host: HostConnection
    let agent: AgentSession

    init(host: HostConnection, agent: AgentSession) {
        self.host = host
        self.agent = agent
    }

    static func from(_ session: UnsafeMutableRawPointer?) -> LLMSessionBox? {
        session.map { Unmanaged<LLMSessionBox>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// Builds the agent from the problem and its `strategyOptions`.
public enum AgentFactory {
    public static func make(problemJSON: Data, resources: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            transport: ChatTransport? = nil) throws -> (AgentSession, String) {
        let problem = try AgentProblem(json: problemJSON)
        let options = problem.options
        func option(_ name: String) throws -> String? {
            guard let value = options[name] else { return nil }
            guard let text = value as? String else { throw LLMError.settings("strategy option \(name) must be a string") }
            return text
        }
        let settings = try LLMSettings.load(path: try option("settings"), environment: environment)
        var workflow = try Workflow.load(path: try option("workflow") ?? resources + "/workflow.json")
        if let mode = try option("mode") {
            guard mode == "code" || mode == "mixed" else { throw LLMError.settings("strategy option mode must be code or mixed") }
            guard mode == "code" || workflow.roles["scheduler"] != nil else {
                throw LLMError.settings("mode mixed needs a scheduler role in \(workflow.origin)")
            }
            workflow.mode = mode
        }
        if let limit = options["maxCandidates"] {
            guard let number = limit as? NSNumber, number.intValue >= 1 else {
                throw LLMError.settings("strategy option maxCandidates must be a positive integer")
            }
            workflow.maxCandidates = number.intValue
        }
        let modeText = try option("cache") ?? "off"
        guard let mode = CacheMode(rawValue: modeText) else {
            throw LLMError.settings("--llm-cache must be record, replay or off, not \(modeText)")
        }
        let home = (LLMSettings.defaultPath(environment: environment) as NSString).deletingLastPathComponent
        let cacheDirectory = try option("cacheDir") ?? home + "/llm-cache"
        let upstream = transport ?? CurlChatClient(environment: environment)
        let cached = CachedTransport(mode: mode, directory: cacheDirectory, upstream: upstream)
        let agent = AgentSession(problem: problem, workflow: workflow, settings: settings, transport: cached,
                                 transcriptPath: try option("transcript"))
        let endpoint = settings.endpoint(for: "coder")
        let summary = "model \(endpoint.model) at \(endpoint.baseURL) (\(endpoint.provider.rawValue)), settings from \(settings.origin), "
            + "workflow \(workflow.origin) (mode \(workflow.mode)), cache \(mode.rawValue)"
            + (mode == .off ? "" : " in \(cacheDirectory)")
        return (agent, summary)
    }
}

private func data(_ view: akg_str) -> Data {
    guard let bytes = view.data, view.size > 0 else { return Data() }
    return Data(bytes: bytes, count: view.size)
}

@_cdecl("akg_llm_initialize")
public func akgLLMInitialize(_ host: UnsafePointer<akg_host>?, _ path: UnsafePointer<CChar>?,
                             _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let host, let state else { return AKG_ERR_INVALID_ARGUMENT }
    let pluginPath = path.map { String(cString: $0) } ?? ""
    let plugin = LLMPluginState(host: HostConnection(host), resources: LLMPluginState.resourceFolder(pluginPath: pluginPath))
    state.pointee = Unmanaged.passRetained(plugin).toOpaque()
    return AKG_OK
}

@_cdecl("akg_llm_shutdown")
public func akgLLMShutdown(_ state: UnsafeMutableRawPointer?) {
    guard let state else { return }
    Unmanaged<LLMPluginState>.fromOpaque(state).release()
}

@_cdecl("akg_llm_open")
public func akgLLMOpen(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?, _ problem: akg_str,
                       _ session: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let plugin = LLMPluginState.from(state), let session else { return AKG_ERR_INVALID_ARGUMENT }
    session.pointee = nil
    do {
        let (agent, summary) = try AgentFactory.make(problemJSON: data(problem), resources: plugin.resources)
        plugin.host.diagnose(call, .info, code: "llm.setup", summary)
        session.pointee = Unmanaged.passRetained(LLMSessionBox(host: plugin.host, agent: agent)).toOpaque()
        return AKG_OK
    } catch {
        plugin.host.diagnose(call, .error, code: "llm.bad-setup", "\(error)")
        return AKG_ERR_BAD_FORMAT
    }
}

@_cdecl("akg_llm_propose")
public func akgLLMPropose(_ session: UnsafeMutableRawPointer?, _ call: OpaquePointer?, _ maxCandidates: UInt32) -> Int32 {
    guard let box = LLMSessionBox.from(session) else { return AKG_ERR_INVALID_ARGUMENT }
    let host = box.host
    let candidates = box.agent.propose(max: Int(maxCandidates), diagnose: { level, code, message in
        host.diagnose(call, DiagnosticLevel(rawValue: Int32(level)) ?? .warning, code: code, message)
    }, isCancelled: { host.isCancelled(call) })
    for candidate in candidates {
        guard host.emit(call, name: candidate.id, mediaType: AKG_MEDIA_CANDIDATE, text: candidate.document) else {
            host.diagnose(call, .error, code: "llm.emit", "the host refused candidate \(candidate.id)")
            return AKG_ERR_FAILED
        }
    }
    return AKG_OK
}

@_cdecl("akg_llm_observe")
public func akgLLMObserve(_ session: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                          _ candidateID: akg_str, _ result: akg_str) -> Int32 {
    guard let box = LLMSessionBox.from(session) else { return AKG_ERR_INVALID_ARGUMENT }
    let id = string(from: candidateID)
    guard let object = (try? JSONSerialization.jsonObject(with: data(result))) as? [String: Any] else {
        box.host.diagnose(call, .error, code: "llm.bad-result", "result for candidate \(id) is not a JSON object")
        return AKG_ERR_BAD_FORMAT
    }
    if !box.agent.observe(id: id, result: object) {
        box.host.diagnose(call, .warning, code: "llm.unknown-candidate",
                          "no candidate '\(id)' was proposed in this session; its result is ignored")
    }
    return AKG_OK
}

@_cdecl("akg_llm_close")
public func akgLLMClose(_ session: UnsafeMutableRawPointer?) {
    guard let session else { return }
    Unmanaged<LLMSessionBox>.fromOpaque(session).release()
}
