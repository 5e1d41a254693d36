import Foundation

/// What `akg-host plugins` prints: every plugin found, for people or machines.
public struct PluginListing {
    public var set: PluginSet
    public var origins: [String: PluginOrigin]

    /// Loads everything on `search` and remembers where each file came from.
    public init(search: PluginSearchPath) {
        set = PluginLoader.load(search)
        origins = [:]
        for (path, origin) in search.candidates() where origins[path] == nil {
            origins[path] = origin
        }
    }

    /// The capabilities document of a backend, parsed, or an error text.
    private func capabilities(of plugin: LoadedPlugin) -> Result<Any, Error> {
        guard let backend = plugin.backend else {
            return .failure(PluginCallError(plugin: plugin.id, function: "capabilities", status: 0, diagnostics: []))
        }
        return Result {
            let artifact = try backend.capabilities()
            return try JSONSerialization.jsonObject(with: Data(artifact.data))
        }
    }

    /// A readable listing; failures are reported separately by `failureText`.
    public func text() -> String {
        if set.plugins.isEmpty { return "no plugins found (use --plugin PATH or set AKG_PLUGIN_PATH)\n" }
        var out = ""
        for plugin in set.plugins {
            out += "\(plugin.id)  \(plugin.name) \(plugin.version)\n"
            out += "  file:         \(plugin.path) (\(origins[plugin.path]?.rawValue ?? "loaded"))\n"
            out += "  ABI:          \(plugin.abiMajor).\(plugin.abiMinor)\n"
            out += "  kinds:        \(plugin.kinds)\n"
            out += "  interfaces:   \(plugin.interfaces.joined(separator: ", "))\n"
            if plugin.backend != nil {
                switch capabilities(of: plugin) {
                case .success(let document):
                    let data = (try? JSONSerialization.data(withJSONObject: document,
                                                            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
                    let body = String(decoding: data, as: UTF8.self)
                        .split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
                    out += "  capabilities:\n\(body)\n"
                case .failure(let error):
                    out += "  capabilities: unavailable: \(error)\n"
                }
            }
            out += "\n"
        }
        return out
    }

    /// One `error:` line (or block) per plugin that could not be loaded.
    public func failureText() -> String {
        set.failures.map { "error: \($0)\n" }.joined()
    }

    /// The listing as JSON: `{"plugins": [...], "failures": [...]}`.
    public func json() throws -> String {
        var plugins: [[String: Any]] = []
        for plugin in set.plugins {
            var entry: [String: Any] = [
                "id": plugin.id, "name": plugin.name, "version": plugin.version,
                "abi": "\(plugin.abiMajor).\(plugin.abiMinor)", "kinds": plugin.kinds.names,
                "file": plugin.path, "origin": origins[plugin.path]?.rawValue ?? "loaded",
                "interfaces": plugin.interfaces,
            ]
            if plugin.backend != nil {
                switch capabilities(of: plugin) {
                case .success(let document): entry["capabilities"] = document
                case .failure(let error): entry["capabilitiesError"] = "\(error)"
                }
            }
            plugins.append(entry)
        }
        let failures = set.failures.map { ["file": $0.path, "message": $0.description] }
        let data = try JSONSerialization.data(withJSONObject: ["plugins": plugins, "failures": failures],
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
