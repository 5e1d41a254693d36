import PluginAPI
import PluginKit

// The `akg.strategy/1` functions of the evolution plugin. They only convert
// between the C ABI and `EvolutionarySearch`; the C tables that point at them
// are in Plugins/Evolution/Entry/entry.c.

/// What the plugin keeps between `initialize` and `shutdown`.
final class EvolutionPluginState {
    let host: HostConnection

    init(host: HostConnection) {
        self.host = host
    }

    static func from(_ state: UnsafeMutableRawPointer?) -> EvolutionPluginState? {
        state.map { Unmanaged<EvolutionPluginState>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// One search between `open` and `close`. [serial], as the ABI promises.
final class EvolutionSession {
    let host: HostConnection
    var search: EvolutionarySearch

    init(host: HostConnection, search: EvolutionarySearch) {
        self.host = host
        self.search = search
    }

    static func from(_ session: UnsafeMutableRawPointer?) -> EvolutionSession? {
        session.map { Unmanaged<EvolutionSession>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// Copies a borrowed string view's bytes.
private func byteArray(_ view: akg_str) -> [UInt8] {
    guard let data = view.data, view.size > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: data, count: view.size))
}

@_cdecl("akg_evolution_initialize")
public func akgEvolutionInitialize(_ host: UnsafePointer<akg_host>?, _ path: UnsafePointer<CChar>?,
                                   _ state: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let host, let state else { return AKG_ERR_INVALID_ARGUMENT }
    state.pointee = Unmanaged.passRetained(EvolutionPluginState(host: HostConnection(host))).toOpaque()
    return AKG_OK
}

@_cdecl("akg_evolution_shutdown")
public func akgEvolutionShutdown(_ state: UnsafeMutableRawPointer?) {
    guard let state else { return }
    Unmanaged<EvolutionPluginState>.fromOpaque(state).release()
}

@_cdecl("akg_evolution_open")
public func akgEvolutionOpen(_ state: UnsafeMutableRawPointer?, _ call: OpaquePointer?, _ problem: akg_str,
                             _ session: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let plugin = EvolutionPluginState.from(state), let session else { return AKG_ERR_INVALID_ARGUMENT }
    session.pointee = nil
    let parsed: TuningProblem
    do {
        parsed = try TuningProblem(json: byteArray(problem))
    } catch {
        plugin.host.diagnose(call, .error, code: "evolution.bad-problem", "\(error)")
        return AKG_ERR_BAD_FORMAT
    }
    for warning in parsed.warnings {
        plugin.host.diagnose(call, .warning, code: "evolution.problem", warning)
    }
    let opened = EvolutionSession(host: plugin.host, search: EvolutionarySearch(problem: parsed))
    session.pointee = Unmanaged.passRetained(opened).toOpaque()
    return AKG_OK
}

@_cdecl("akg_evolution_propose")
public func akgEvolutionPropose(_ session: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                                _ maxCandidates: UInt32) -> Int32 {
    guard let session = EvolutionSession.from(session) else { return AKG_ERR_INVALID_ARGUMENT }
    for candidate in session.search.propose(max: Int(maxCandidates)) {
        guard session.host.emit(call, name: candidate.id, mediaType: AKG_MEDIA_CANDIDATE, text: candidate.document)
        else {
            session.host.diagnose(call, .error, code: "evolution.emit",
                                  "the host refused candidate \(candidate.id): \(candidate.document)")
            return AKG_ERR_FAILED
        }
    }
    return AKG_OK
}

@_cdecl("akg_evolution_observe")
public func akgEvolutionObserve(_ session: UnsafeMutableRawPointer?, _ call: OpaquePointer?,
                                _ candidateID: akg_str, _ result: akg_str) -> Int32 {
    guard let session = EvolutionSession.from(session) else { return AKG_ERR_INVALID_ARGUMENT }
    let id = string(from: candidateID)
    let parsed: TuningResult
    do {
        parsed = try TuningResult(json: byteArray(result))
    } catch {
        session.host.diagnose(call, .error, code: "evolution.bad-result", "result for candidate \(id): \(error)")
        return AKG_ERR_BAD_FORMAT
    }
    switch session.search.observe(id: id, result: parsed) {
    case .recorded:
        break
    case .unknownCandidate:
        session.host.diagnose(call, .warning, code: "evolution.unknown-candidate",
                              "no candidate '\(id)' was proposed in this search; its result is ignored")
    case .alreadyObserved:
        session.host.diagnose(call, .warning, code: "evolution.observed-twice",
                              "candidate '\(id)' was already observed; the first result stands")
    }
    return AKG_OK
}

@_cdecl("akg_evolution_close")
public func akgEvolutionClose(_ session: UnsafeMutableRawPointer?) {
    guard let session else { return }
    Unmanaged<EvolutionSession>.fromOpaque(session).release()
}
