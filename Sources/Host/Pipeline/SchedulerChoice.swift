import Foundation
import Polyhedral

/// The scheduler configuration a command runs with, from `--preset` and
/// `--config` (docs/scheduler.md).
public enum SchedulerChoice {
    /// Reads the configuration. With only `--preset`, that preset; with only
    /// `--config`, the document; with both, the document with its `preset`
    /// field set to the flag's (an error if the document names another one);
    /// with neither, the default configuration.
    public static func load(preset: String?, configPath: String?) throws -> SchedulerConfiguration {
        guard let configPath else {
            guard let preset else { return SchedulerConfiguration() }
            return try wrap("--preset") { try SchedulerConfiguration.preset(preset) }
        }
        guard var data = FileManager.default.contents(atPath: configPath) else {
            throw ConfigFileError(description: "\(configPath): error: cannot read the scheduler configuration")
        }
        if let preset {
            guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw ConfigFileError(description: "\(configPath): error: the scheduler configuration is not a JSON object")
            }
            if let named = object["preset"] as? String, named != preset {
                throw ConfigFileError(description: "\(configPath): error: the document says preset '\(named)' but --preset says '\(preset)'; keep one")
            }
            object["preset"] = preset
            data = try JSONSerialization.data(withJSONObject: object)
        }
        return try wrap(configPath) { try SchedulerConfiguration.parse(data) }
    }

    private static func wrap<T>(_ source: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SchedulerConfigurationError {
            throw ConfigFileError(description: "\(source): error: \(error)")
        }
    }

    /// The preset a configuration came from, for banners and reports.
    public static func describe(_ configuration: SchedulerConfiguration) -> String {
        let base = configuration.preset == .none ? "default configuration" : "preset \(configuration.preset.rawValue)"
        // A document that changes any field is not the preset any more;
        // saying so keeps a banner from claiming settings that were not used.
        return configuration == configuration.preset.configuration ? base : "\(base), customised"
    }
}

/// A scheduler configuration that cannot be used; says where and why.
public struct ConfigFileError: Error, CustomStringConvertible {
    public var description: String
}

extension TargetFacts {
    /// The facts the scheduler needs, read from a backend's capabilities
    /// document (docs/ABI.md): cache sizes, vector width, cores, and the
    /// mapping `device.kind` asks for. Missing fields keep the typical values.
    public init(capabilities data: [UInt8]) {
        self = .typical
        guard let document = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] else { return }
        for level in (document["memory"] as? [[String: Any]]) ?? [] {
            guard let bytes = level["bytes"] as? Int, (level["type"] as? String) != "instruction" else { continue }
            switch level["level"] as? Int {
            case 1: l1Bytes = bytes
            case 2: l2Bytes = bytes
            case 3: l3Bytes = bytes
            default: break
            }
        }
        if let vector = document["vector"] as? [String: Any], let bits = vector["bits"] as? Int { vectorBits = bits }
        if let device = document["device"] as? [String: Any] {
            if let cores = (device["physicalCores"] as? Int) ?? (device["logicalCores"] as? Int) { self.cores = cores }
            switch device["kind"] as? String {
            case "gpu": mapping = .gpuBlocksThreads
            case "npu": mapping = .npuCoresBuffers
            default: break
            }
        }
    }
}
