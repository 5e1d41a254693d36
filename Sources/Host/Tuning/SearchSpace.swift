import Formats
import Foundation
import Polyhedral

/// One dimension of the search space: a finite list of JSON values.
public struct Knob: Equatable, Sendable {
    public var name: String
    public var values: [JSONValue]
    public var defaultValue: JSONValue
    public var doc: String

    public init(name: String, values: [JSONValue], defaultValue: JSONValue, doc: String) {
        self.name = name
        self.values = values
        self.defaultValue = defaultValue
        self.doc = doc
    }

    var json: JSONValue {
        .object(["name": .string(name), "values": .array(values), "default": defaultValue, "doc": .string(doc)])
    }
}

/// What a strategy may choose (docs/tuning.md, "Scheduler knobs"): the
/// host's scheduler knobs for this kernel plus the knobs the backend
/// declares in its capabilities, prefixed with the backend's short name.
public struct SearchSpace: Sendable {
    public var knobs: [Knob]
    /// Partial assignments to try first: the default, the backend's
    /// suggestions on the default schedule, then the other presets.
    public var seeds: [[String: JSONValue]]
    /// The prefix of backend knobs, e.g. `cpu`.
    public var backendPrefix: String

    /// The value of knobs that keep what the preset says.
    public static let fromPreset = JSONValue.string("preset")

    public func knob(named name: String) -> Knob? { knobs.first { $0.name == name } }

    /// The space for `kernel` on a backend with `capabilities`.
    public static func make(kernel: KernelDocument, capabilities: JSONValue, backendName: String) -> SearchSpace {
        func strings(_ names: [String]) -> [JSONValue] { names.map(JSONValue.string) }
        func costs(_ lists: [[String]]) -> [JSONValue] { [fromPreset] + lists.map { .array(strings($0)) } }
        var knobs: [Knob] = [
            Knob(name: "scheduler.preset", values: strings(SchedulerConfiguration.Preset.allCases.map(\.rawValue)),
                 defaultValue: .string("none"), doc: "the preset every other scheduler knob starts from"),
            Knob(name: "scheduler.outer", values: costs([
                    ["parallel:outer", "proximity", "contiguity", "originalOrder"],
                    ["proximity", "originalOrder"],
                    ["proximity", "contiguity", "originalOrder"],
                    ["parallel:outer", "bigLoopsFirst", "proximity", "originalOrder"],
                    ["parallel:outer", "contiguity", "proximity", "originalOrder"],
                    ["feautrier", "proximity", "originalOrder"],
                 ]), defaultValue: fromPreset, doc: "cost terms of the outermost scheduling dimension"),
            Knob(name: "scheduler.inner", values: costs([
                    ["proximity", "contiguity", "originalOrder"],
                    ["proximity", "originalOrder"],
                    ["contiguity", "proximity", "originalOrder"],
                    ["parallel:inner", "proximity", "contiguity", "originalOrder"],
                    ["bigLoopsFirst", "proximity", "originalOrder"],
                 ]), defaultValue: fromPreset, doc: "cost terms of the other scheduling dimensions"),
            Knob(name: "scheduler.fusion", values: [fromPreset] + strings(SchedulerConfiguration.Fusion.allCases.map(\.rawValue)),
                 defaultValue: fromPreset, doc: "fusion strategy"),
            Knob(name: "scheduler.skewing", values: [fromPreset] + strings(SchedulerConfiguration.Skewing.allCases.map(\.rawValue)),
                 defaultValue: fromPreset, doc: "skewing policy"),
            Knob(name: "scheduler.tiling", values: [fromPreset] + strings(["sizes", "auto", "off"]),
                 defaultValue: fromPreset, doc: "sizes: the scheduler.tile.* knobs; auto: from the backend's caches"),
            Knob(name: "scheduler.tileLevels", values: [.int(1), .int(2)], defaultValue: .int(1),
                 doc: "tile levels when scheduler.tiling is sizes"),
        ]
        let depth = max(1, kernel.statements.map(\.iterators.count).max() ?? 1)
        for member in 0..<depth {
            knobs.append(Knob(name: "scheduler.tile.1.\(member)", values: [1, 8, 16, 32, 64, 128, 256].map(JSONValue.int),
                              defaultValue: .int(32), doc: "innermost-level tile size of band member \(member) (1: not tiled)"))
        }
        for member in 0..<depth {
            knobs.append(Knob(name: "scheduler.tile.2.\(member)", values: [1, 64, 128, 256, 512, 1024].map(JSONValue.int),
                              defaultValue: .int(256), doc: "outer-level tile size of band member \(member), with 2 tile levels"))
        }
        knobs += [
            Knob(name: "scheduler.wavefront", values: [fromPreset, .bool(true), .bool(false)], defaultValue: fromPreset,
                 doc: "wavefront when the outer tile loop is sequential"),
            Knob(name: "scheduler.intraTile", values: [fromPreset] + strings(SchedulerConfiguration.IntraTile.allCases.map(\.rawValue)),
                 defaultValue: fromPreset, doc: "point-loop order inside tiles"),
        ]
        for statement in kernel.statements {
            for iterator in statement.iterators {
                knobs.append(Knob(name: "scheduler.directive.\(statement.name).\(iterator)",
                                  values: strings(["none", "parallel", "vector", "serial"]), defaultValue: .string("none"),
                                  doc: "a directive on loop \(iterator) of \(statement.name)"))
            }
        }
        // The backend's own knobs, in name order (the document is an object).
        for (name, description) in (capabilities["knobs"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let values = description["values"]?.arrayValue, !values.isEmpty else { continue }
            let fallback = description["default"].flatMap { values.contains($0) ? $0 : nil } ?? values[0]
            knobs.append(Knob(name: "\(backendName).\(name)", values: values, defaultValue: fallback,
                              doc: description["doc"]?.stringValue ?? ""))
        }
        var seeds = ["none", "pluto", "feautrier", "isl"].map { ["scheduler.preset": JSONValue.string($0)] }
        // The backend's suggestions (`tuningSeeds`), on akg's default
        // schedule, right after it: with a small budget they are tried
        // before the other presets. A suggestion naming an unknown knob or
        // value is dropped, so a backend cannot put a candidate outside the space.
        var suggested: [[String: JSONValue]] = []
        for suggestion in capabilities["tuningSeeds"]?.arrayValue ?? [] {
            guard let assignment = suggestion.objectValue, !assignment.isEmpty else { continue }
            var seed = ["scheduler.preset": JSONValue.string("none")]
            for (name, value) in assignment {
                guard let knob = knobs.first(where: { $0.name == "\(backendName).\(name)" }),
                      knob.values.contains(value) else { seed = [:]; break }
                seed[knob.name] = value
            }
            if !seed.isEmpty, !seeds.contains(seed), !suggested.contains(seed) { suggested.append(seed) }
        }
        seeds.insert(contentsOf: suggested, at: 1)
        return SearchSpace(knobs: knobs, seeds: seeds, backendPrefix: backendName)
    }

    /// The space as the problem document lists it.
    public var knobsJSON: JSONValue { .array(knobs.map(\.json)) }
    public var seedsJSON: JSONValue { .array(seeds.map { .object($0) }) }
}

/// What one candidate asks for, once read and checked.
public enum CandidatePlan: Sendable, Equatable {
    /// A scheduler configuration document (version 1) and backend knobs
    /// (names without the backend prefix).
    case configuration(scheduler: JSONValue, backendKnobs: [String: JSONValue])
    /// Complete source code in the backend's language.
    case source(String)

    /// Identifies the candidate's meaning: two candidates with the same
    /// canonical text are the same candidate, however they were written.
    public var canonicalText: String {
        switch self {
        case .configuration(let scheduler, let knobs):
            return JSONValue.object(["scheduler": scheduler, "backend": .object(knobs)]).canonicalText
        case .source(let text):
            return JSONValue.object(["source": .string(text)]).canonicalText
        }
    }
}

/// Why a candidate document cannot be used (status `invalid`).
public struct CandidateError: Error, CustomStringConvertible, Equatable {
    public var description: String
}

extension SearchSpace {
    /// Reads a candidate (docs/tuning.md, "Candidates") and resolves it to a
    /// scheduler document plus backend knobs, or to source code.
    public func plan(for data: [UInt8]) throws -> CandidatePlan {
        let text = String(decoding: data, as: UTF8.self)
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch {
            throw CandidateError(description: "the candidate is not valid JSON: \(String(text.prefix(120)).debugDescription)")
        }
        guard case .object(let object) = document else {
            throw CandidateError(description: "the candidate must be a JSON object with 'knobs', 'scheduler' or 'source'")
        }
        for key in object.keys.sorted() where !["knobs", "scheduler", "source"].contains(key) {
            throw CandidateError(description: "unknown field '\(key)'; a candidate has 'knobs', 'scheduler' or 'source'")
        }
        if let source = object["source"] {
            guard object.count == 1 else {
                throw CandidateError(description: "a 'source' candidate cannot also have 'knobs' or 'scheduler'")
            }
            guard let text = source.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CandidateError(description: "'source' must be a non-empty string of source code")
            }
            return .source(text)
        }
        var assignment: [String: JSONValue] = [:]
        if let given = object["knobs"] {
            guard case .object(let given) = given else {
                throw CandidateError(description: "'knobs' must be an object of knob names to values")
            }
            for (name, value) in given.sorted(by: { $0.key < $1.key }) {
                guard let knob = knob(named: name) else {
                    let near = knobs(near: name)
                    throw CandidateError(description: "unknown knob '\(name)'" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"))
                }
                guard knob.values.contains(value) else {
                    throw CandidateError(description: "knob '\(name)' cannot be \(value); its values are \(JSONValue.array(knob.values))")
                }
                assignment[name] = value
            }
        }
        var backendKnobs: [String: JSONValue] = [:]
        for knob in knobs where knob.name.hasPrefix(backendPrefix + ".") {
            backendKnobs[String(knob.name.dropFirst(backendPrefix.count + 1))] = assignment[knob.name] ?? knob.defaultValue
        }
        let scheduler: JSONValue
        if let given = object["scheduler"] {
            if let name = assignment.keys.sorted().first(where: { $0.hasPrefix("scheduler.") }) {
                throw CandidateError(description: "knob '\(name)' cannot be given next to a whole 'scheduler' document")
            }
            scheduler = given
        } else {
            scheduler = schedulerDocument(assignment)
        }
        do {
            _ = try SchedulerConfiguration.parse(Data(scheduler.canonicalText.utf8))
        } catch {
            throw CandidateError(description: "\(error)")
        }
        return .configuration(scheduler: scheduler, backendKnobs: backendKnobs)
    }

    private func knobs(near name: String) -> [String] {
        let tail = name.split(separator: ".").last.map(String.init) ?? name
        return knobs.map(\.name).filter { $0.hasSuffix("." + tail) }.prefix(3).map { "'\($0)'" }
    }

    /// The scheduler configuration document a knob assignment stands for.
    func schedulerDocument(_ assignment: [String: JSONValue]) -> JSONValue {
        func value(_ name: String) -> JSONValue { assignment[name] ?? knob(named: name)?.defaultValue ?? SearchSpace.fromPreset }
        let presetName = value("scheduler.preset").stringValue ?? "none"
        let base = SchedulerConfiguration.Preset(rawValue: presetName)?.configuration ?? SchedulerConfiguration()
        var document: [String: JSONValue] = ["version": .int(1), "preset": .string(presetName)]
        let outer = value("scheduler.outer"), inner = value("scheduler.inner")
        if outer != SearchSpace.fromPreset || inner != SearchSpace.fromPreset {
            func names(_ dimension: SchedulerConfiguration.Dimension?) -> JSONValue {
                .array((dimension?.cost ?? [.proximity, .originalOrder]).map { .string($0.name) })
            }
            let outerTerms = outer != SearchSpace.fromPreset ? outer : names(base.dimensions.first)
            let innerTerms = inner != SearchSpace.fromPreset ? inner : names(base.dimensions.last)
            document["dimensions"] = .array([.object(["cost": outerTerms]), .object(["cost": innerTerms])])
        }
        for (knob, field) in [("scheduler.fusion", "fusion"), ("scheduler.skewing", "skewing"),
                              ("scheduler.wavefront", "wavefront"), ("scheduler.intraTile", "intraTile")] {
            let chosen = value(knob)
            if chosen != SearchSpace.fromPreset { document[field] = chosen }
        }
        switch value("scheduler.tiling").stringValue {
        case "off": document["tiling"] = .bool(false)
        case "auto": document["tiling"] = .string("auto")
        case "sizes":
            let members = knobs.filter { $0.name.hasPrefix("scheduler.tile.1.") }.count
            let level1 = (0..<members).map { value("scheduler.tile.1.\($0)") }
            if value("scheduler.tileLevels") == .int(2) {
                let level2 = (0..<members).map { value("scheduler.tile.2.\($0)") }
                document["tiling"] = .object(["sizes": .array([.array(level2), .array(level1)])])
            } else {
                document["tiling"] = .object(["sizes": .array(level1)])
            }
        default: break
        }
        var directives: [String: [String: [JSONValue]]] = [:]
        for knob in knobs where knob.name.hasPrefix("scheduler.directive.") {
            guard let kind = value(knob.name).stringValue, kind != "none" else { continue }
            let parts = knob.name.split(separator: ".").map(String.init)
            guard parts.count == 4 else { continue }
            directives[parts[2], default: [:]][kind, default: []].append(.string(parts[3]))
        }
        if !directives.isEmpty {
            document["directives"] = .object(directives.mapValues { .object($0.mapValues(JSONValue.array)) })
        }
        return .object(document)
    }
}
