import Foundation

/// The scheduler configuration document (`--config sched.json`), as far as
/// this version of the host implements it.
///
/// Fields are those of the configuration document in docs/scheduler-config.md;
/// a field this host does not implement yet is an error that says so, never
/// silently ignored, so a user cannot believe a setting took effect.
public struct SchedulerSettings: Equatable, Sendable {
    /// The scheduling algorithm; only `isl` (isl's own scheduler) exists so far.
    public var preset: String = "isl"
    /// One tile size for every member of every permutable band; nil: no tiling.
    public var tileSize: Int? = 32
    /// Mark the outermost dependence-free loop of each nest parallel (OpenMP).
    public var parallel: Bool = true
    /// Mark innermost dependence-free loops for vectorisation (`omp simd`).
    public var vector: Bool = true

    public init() {}

    /// Reads a configuration document; errors name the offending field.
    public static func load(path: String) throws -> SchedulerSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, message: "cannot read the file")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws -> SchedulerSettings {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigError(path: path, message: "not valid JSON (\(error.localizedDescription))")
        }
        guard let document = object as? [String: Any] else {
            throw ConfigError(path: path, message: "the document must be a JSON object")
        }
        let known: Set<String> = ["version", "preset", "tiling", "parallel", "vector", "target"]
        let pending: Set<String> = ["dimensions", "fusion", "skewing", "coefficientBound", "directives",
                                    "wavefront", "intraTile", "isl"]
        var settings = SchedulerSettings()
        for key in document.keys.sorted() where !known.contains(key) {
            if pending.contains(key) {
                throw ConfigError(path: path, message: "'\(key)' needs the configurable scheduler, which this host does not have yet; remove it")
            }
            throw ConfigError(path: path, message: "unknown field '\(key)'; known fields: \(known.sorted().joined(separator: ", "))")
        }
        guard let version = document["version"] as? Int, version == 1 else {
            throw ConfigError(path: path, message: "'version' must be 1")
        }
        if let preset = document["preset"] {
            guard let name = preset as? String else { throw ConfigError(path: path, message: "'preset' must be a string") }
            guard name == "isl" else {
                throw ConfigError(path: path, message: "preset '\(name)' is not available yet; this host implements 'isl'")
            }
            settings.preset = name
        }
        if let tiling = document["tiling"] {
            if let enabled = tiling as? Bool, !enabled {
                settings.tileSize = nil
            } else if let object = tiling as? [String: Any] {
                for key in object.keys where key != "sizes" {
                    throw ConfigError(path: path, message: "'tiling.\(key)' is not supported yet; only 'tiling.sizes' is")
                }
                guard let sizes = object["sizes"] as? [Int], let first = sizes.first, first > 0,
                      sizes.allSatisfy({ $0 == first }) else {
                    throw ConfigError(path: path, message: "'tiling.sizes' must be a non-empty list of one positive size repeated (per-dimension sizes need the configurable scheduler)")
                }
                settings.tileSize = first
            } else {
                throw ConfigError(path: path, message: "'tiling' must be false or {\"sizes\": [N]}")
            }
        }
        if let parallel = document["parallel"] {
            guard let value = parallel as? Bool else { throw ConfigError(path: path, message: "'parallel' must be true or false") }
            settings.parallel = value
        }
        if let vector = document["vector"] {
            guard let value = vector as? Bool else { throw ConfigError(path: path, message: "'vector' must be true or false") }
            settings.vector = value
        }
        if let target = document["target"] {
            guard let object = target as? [String: Any], (object["mapping"] as? String) == "openmp", object.count == 1 else {
                throw ConfigError(path: path, message: "'target' supports only {\"mapping\": \"openmp\"} so far")
            }
        }
        return settings
    }
}

/// A scheduler configuration document that cannot be used.
public struct ConfigError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): error: \(message)" }
}
