import Foundation
import ISL

/// A JSON value that keeps booleans and numbers apart (JSONSerialization does not).
private indirect enum JSONValue: Decodable {
    case bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var typeName: String {
        switch self {
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        case .null: return "null"
        }
    }
}

extension SchedulerConfiguration {
    /// The fields a version-1 document may have.
    static let fields = ["version", "preset", "dimensions", "fusion", "skewing", "coefficientBound", "directives",
                         "tiling", "wavefront", "intraTile", "target", "isl"]

    /// Parses a version-1 configuration document (JSON). The document's
    /// `preset` (default `none`) fills every field it leaves out.
    ///
    /// Throws `SchedulerConfigurationError` naming the field for invalid JSON,
    /// a missing or wrong `version`, unknown fields, wrong types or values.
    /// Statement and loop names in `directives` are checked when scheduling.
    public static func parse(_ json: Data) throws -> SchedulerConfiguration {
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: json)
        } catch {
            throw SchedulerConfigurationError(path: "", message: "not valid JSON (\(error)); the document must be a JSON object")
        }
        guard case .object(let object) = document else {
            throw SchedulerConfigurationError(path: "", message: "the document must be a JSON object, not \(document.typeName)")
        }
        try checkKeys(object, known: fields, path: "")
        guard case .int(1)? = object["version"] else {
            throw SchedulerConfigurationError(path: "version", message: "required and must be 1 (the only version there is)")
        }
        var configuration = SchedulerConfiguration()
        if let value = object["preset"] {
            configuration = try preset(string(value, "preset"))
        }
        if let value = object["dimensions"] {
            let entries = try array(value, "dimensions")
            guard !entries.isEmpty else {
                throw SchedulerConfigurationError(path: "dimensions", message: "needs at least one entry (the last one repeats)")
            }
            configuration.dimensions = try entries.enumerated().map { try dimension($1, "dimensions[\($0)]") }
        }
        if let value = object["fusion"] {
            configuration.fusion = try choice(value, "fusion", Fusion.init(rawValue:), Fusion.allCases.map(\.rawValue))
        }
        if let value = object["skewing"] {
            configuration.skewing = try choice(value, "skewing", Skewing.init(rawValue:), Skewing.allCases.map(\.rawValue))
        }
        if let value = object["coefficientBound"] {
            configuration.coefficientBound = try integer(value, "coefficientBound", minimum: 1)
        }
        if let value = object["directives"] {
            configuration.directives = try directives(value)
        }
        if let value = object["tiling"] {
            configuration.tiling = try tiling(value)
        }
        if let value = object["wavefront"] {
            configuration.wavefront = try boolean(value, "wavefront")
        }
        if let value = object["intraTile"] {
            configuration.intraTile = try choice(value, "intraTile", IntraTile.init(rawValue:),
                                                 IntraTile.allCases.map(\.rawValue))
        }
        if let value = object["target"] {
            let target = try dictionary(value, "target")
            try checkKeys(target, known: ["mapping"], path: "target.")
            if let mapping = target["mapping"] {
                configuration.mapping = try choice(mapping, "target.mapping", Mapping.init(rawValue:),
                                                   Mapping.allCases.map(\.rawValue))
            }
        }
        if let value = object["isl"] {
            configuration.isl = try islOptions(value, base: configuration.isl)
        }
        return configuration
    }

    private static func checkKeys(_ object: [String: JSONValue], known: [String], path: String) throws {
        for key in object.keys.sorted() where !known.contains(key) {
            throw SchedulerConfigurationError(path: path + key,
                                              message: "unknown field; known fields here: \(known.joined(separator: ", "))")
        }
    }

    private static func string(_ value: JSONValue, _ path: String) throws -> String {
        guard case .string(let text) = value else {
            throw SchedulerConfigurationError(path: path, message: "must be a string, not \(value.typeName)")
        }
        return text
    }

    private static func boolean(_ value: JSONValue, _ path: String) throws -> Bool {
        guard case .bool(let flag) = value else {
            throw SchedulerConfigurationError(path: path, message: "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    private static func integer(_ value: JSONValue, _ path: String, minimum: Int) throws -> Int {
        guard case .int(let number) = value, number >= minimum else {
            throw SchedulerConfigurationError(path: path, message: "must be an integer of at least \(minimum)")
        }
        return number
    }

    private static func array(_ value: JSONValue, _ path: String) throws -> [JSONValue] {
        guard case .array(let items) = value else {
            throw SchedulerConfigurationError(path: path, message: "must be a list, not \(value.typeName)")
        }
        return items
    }

    private static func dictionary(_ value: JSONValue, _ path: String) throws -> [String: JSONValue] {
        guard case .object(let object) = value else {
            throw SchedulerConfigurationError(path: path, message: "must be an object, not \(value.typeName)")
        }
        return object
    }

    private static func choice<T>(_ value: JSONValue, _ path: String, _ make: (String) -> T?, _ names: [String]) throws -> T {
        let text = try string(value, path)
        guard let result = make(text) else {
            throw SchedulerConfigurationError(path: path,
                                              message: "unknown value '\(text)'; choose one of \(names.joined(separator: ", "))")
        }
        return result
    }

    private static func dimension(_ value: JSONValue, _ path: String) throws -> Dimension {
        let object = try dictionary(value, path)
        try checkKeys(object, known: ["cost", "custom"], path: path + ".")
        var result = Dimension(cost: [])
        if let cost = object["cost"] {
            for (index, item) in try array(cost, path + ".cost").enumerated() {
                let itemPath = "\(path).cost[\(index)]"
                switch try string(item, itemPath) {
                case "proximity": result.cost.append(.proximity)
                case "parallel", "parallel:outer": result.cost.append(.parallel(outer: true))
                case "parallel:inner": result.cost.append(.parallel(outer: false))
                case "feautrier": result.cost.append(.feautrier)
                case "contiguity": result.cost.append(.contiguity)
                case "bigLoopsFirst": result.cost.append(.bigLoopsFirst)
                case "originalOrder": result.cost.append(.originalOrder)
                case "directives": result.cost.append(.directives)
                // The constraints themselves live in the sibling "custom" list.
                case "custom": break
                case let other:
                    throw SchedulerConfigurationError(path: itemPath, message: "unknown cost term '\(other)'; "
                        + "choose from \(CostTerm.spellings.joined(separator: ", "))")
                }
            }
        }
        if let custom = object["custom"] {
            for (index, item) in try array(custom, path + ".custom").enumerated() {
                let itemPath = "\(path).custom[\(index)]"
                do {
                    result.custom.append(try CustomConstraint(parsing: string(item, itemPath)))
                } catch let error as CustomConstraintSyntaxError {
                    throw SchedulerConfigurationError(path: itemPath, message: error.message)
                }
            }
        }
        return result
    }

    private static func directives(_ value: JSONValue) throws -> [String: Directive] {
        var result: [String: Directive] = [:]
        for (statement, entry) in try dictionary(value, "directives") {
            let path = "directives.\(statement)"
            let object = try dictionary(entry, path)
            try checkKeys(object, known: ["parallel", "vector", "serial", "reduce"], path: path + ".")
            func loops(_ key: String) throws -> [String] {
                guard let list = object[key] else { return [] }
                return try array(list, "\(path).\(key)").enumerated().map { try string($1, "\(path).\(key)[\($0)]") }
            }
            result[statement] = Directive(parallel: try loops("parallel"), vector: try loops("vector"),
                                          serial: try loops("serial"), reduce: try loops("reduce"))
        }
        return result
    }

    private static func tiling(_ value: JSONValue) throws -> Tiling {
        switch value {
        case .bool(false): return .off
        case .string("auto"): return .auto
        case .object(let object):
            try checkKeys(object, known: ["sizes", "levels"], path: "tiling.")
            let levels = try object["levels"].map { try integer($0, "tiling.levels", minimum: 1) }
            guard let sizesValue = object["sizes"] else {
                throw SchedulerConfigurationError(path: "tiling.sizes", message: "required, e.g. [32, 32, 128]")
            }
            let items = try array(sizesValue, "tiling.sizes")
            var lists: [[Int]]
            if items.allSatisfy({ if case .array = $0 { return true } else { return false } }), !items.isEmpty {
                lists = try items.enumerated().map { level, list in
                    try array(list, "tiling.sizes[\(level)]").enumerated().map {
                        try integer($1, "tiling.sizes[\(level)][\($0)]", minimum: 1)
                    }
                }
            } else {
                lists = [try items.enumerated().map { try integer($1, "tiling.sizes[\($0)]", minimum: 1) }]
            }
            guard lists.allSatisfy({ !$0.isEmpty }) else {
                throw SchedulerConfigurationError(path: "tiling.sizes", message: "a list of sizes must not be empty")
            }
            if let levels {
                if lists.count == 1 {
                    // Outer levels multiply the innermost sizes by 8 per level (L2, L3 tiles).
                    let inner = lists[0]
                    lists = (0..<levels).reversed().map { level in inner.map { $0 * Int(pow(8.0, Double(level))) } }
                } else if lists.count != levels {
                    throw SchedulerConfigurationError(path: "tiling.levels",
                                                      message: "is \(levels) but 'sizes' has \(lists.count) lists")
                }
            }
            return .sizes(lists)
        default:
            throw SchedulerConfigurationError(path: "tiling",
                                              message: "must be false, \"auto\" or {\"sizes\": [...], \"levels\": N}")
        }
    }

    private static func islOptions(_ value: JSONValue, base: IslSchedulerOptions) throws -> IslSchedulerOptions {
        let object = try dictionary(value, "isl")
        let flags: [String: WritableKeyPath<IslSchedulerOptions, Bool>] = [
            "feautrier": \.feautrier, "maximizeBandDepth": \.maximizeBandDepth,
            "maximizeCoincidence": \.maximizeCoincidence, "outerCoincidence": \.outerCoincidence,
            "wholeComponent": \.wholeComponent, "serializeSccs": \.serializeSccs, "treatCoalescing": \.treatCoalescing,
        ]
        let numbers: [String: WritableKeyPath<IslSchedulerOptions, Int>] = [
            "maxCoefficient": \.maxCoefficient, "maxConstantTerm": \.maxConstantTerm,
        ]
        try checkKeys(object, known: (Array(flags.keys) + Array(numbers.keys)).sorted(), path: "isl.")
        var options = base
        for (key, item) in object {
            if let path = flags[key] { options[keyPath: path] = try boolean(item, "isl.\(key)") }
            if let path = numbers[key] { options[keyPath: path] = try integer(item, "isl.\(key)", minimum: -1) }
        }
        return options
    }
}
