/// Tunables of the evolutionary search a problem may set under
/// `"strategyOptions"` (docs/tuning.md).
public struct EvolutionOptions: Equatable, Sendable {
    /// How many of the best `ok` results are kept as parents.
    public var eliteSize = 8
    /// The weight `c` of the exploration bonus in parent selection.
    public var exploration = 1.4

    public init(eliteSize: Int = 8, exploration: Double = 1.4) {
        self.eliteSize = eliteSize
        self.exploration = exploration
    }
}

/// Why a problem document cannot be searched; `message` says what to fix.
public struct ProblemError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// What a strategy needs from `akg.tuning-problem+json/1` (docs/tuning.md).
public struct TuningProblem: Sendable {
    public static let format = "akg.tuning-problem+json/1"

    public var space: SearchSpace
    /// The host's suggested starting points as full assignments, in document
    /// order, without repeats.
    public var seeds: [Assignment]
    /// Fixes every random draw of the search.
    public var seed: UInt64
    /// At most this many proposals; nil when unlimited.
    public var candidateBudget: Int?
    public var options: EvolutionOptions
    /// Things the strategy tolerated but a person should hear about
    /// (a seed naming an unknown knob, a value listed twice).
    public var warnings: [String]

    public init(space: SearchSpace, seeds: [Assignment] = [], seed: UInt64 = 0, candidateBudget: Int? = nil,
                options: EvolutionOptions = EvolutionOptions(), warnings: [String] = []) {
        self.space = space
        self.seeds = seeds
        self.seed = seed
        self.candidateBudget = candidateBudget
        self.options = options
        self.warnings = warnings
    }

    /// Reads a problem document given as text.
    public init(json text: String) throws {
        try self.init(json: Array(text.utf8))
    }

    /// Reads a problem document. Throws `ProblemError` saying what is wrong
    /// when it is not JSON or lacks what the search needs.
    public init(json bytes: [UInt8]) throws {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch let error as JSONParseError {
            throw ProblemError("the tuning problem is \(error)")
        }
        try self.init(document: document)
    }

    /// Reads a parsed problem document.
    public init(document: JSONValue) throws {
        guard case .object = document else {
            throw ProblemError("the tuning problem must be a JSON object, not \(document.kindName)")
        }
        if let format = document["format"] {
            guard case .string(let name) = format, name == TuningProblem.format else {
                throw ProblemError("the tuning problem's format is \(format.text), expected \"\(TuningProblem.format)\"")
            }
        }
        var warnings: [String] = []
        let space = try TuningProblem.readKnobs(document["knobs"], warnings: &warnings)
        let seeds = try TuningProblem.readSeeds(document["seeds"], space: space, warnings: &warnings)
        self.init(space: space, seeds: seeds,
                  seed: try TuningProblem.readSeed(document["seed"]),
                  candidateBudget: try TuningProblem.readBudget(document["budget"]),
                  options: try TuningProblem.readOptions(document["strategyOptions"]),
                  warnings: warnings)
    }

    private static func readKnobs(_ value: JSONValue?, warnings: inout [String]) throws -> SearchSpace {
        guard let value else { throw ProblemError("the tuning problem has no \"knobs\" (the search space)") }
        guard case .array(let entries) = value else {
            throw ProblemError("\"knobs\" must be an array of knobs, not \(value.kindName)")
        }
        var knobs: [Knob] = []
        for (position, entry) in entries.enumerated() {
            let label = "knob \(position)"
            guard case .object = entry else { throw ProblemError("\(label) must be an object, not \(entry.kindName)") }
            guard case .string(let name)? = entry["name"], !name.isEmpty else {
                throw ProblemError("\(label) has no \"name\" string")
            }
            if knobs.contains(where: { $0.name == name }) {
                throw ProblemError("knob \"\(name)\" is listed twice")
            }
            guard case .array(let listed)? = entry["values"] else {
                throw ProblemError("knob \"\(name)\" has no \"values\" array")
            }
            var values: [JSONValue] = []
            for value in listed {
                if values.contains(value) {
                    warnings.append("knob \"\(name)\" lists the value \(value.text) twice; it is tried once")
                } else {
                    values.append(value)
                }
            }
            guard !values.isEmpty else { throw ProblemError("knob \"\(name)\" has an empty \"values\" list") }
            var defaultIndex = 0
            if let given = entry["default"] {
                guard let index = values.firstIndex(of: given) else {
                    throw ProblemError("knob \"\(name)\" has default \(given.text), which is not among its values")
                }
                defaultIndex = index
            }
            knobs.append(Knob(name: name, values: values, defaultIndex: defaultIndex))
        }
        return SearchSpace(knobs: knobs)
    }

    private static func readSeeds(_ value: JSONValue?, space: SearchSpace,
                                  warnings: inout [String]) throws -> [Assignment] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw ProblemError("\"seeds\" must be an array of knob assignments, not \(value.kindName)")
        }
        var seeds: [Assignment] = []
        seedLoop: for (position, entry) in entries.enumerated() {
            guard case .object(let members) = entry else {
                throw ProblemError("seed \(position) must be an object of knob values, not \(entry.kindName)")
            }
            var indices = space.defaultAssignment.indices
            for member in members {
                guard let knob = space.knobIndex(named: member.name) else {
                    warnings.append("seed \(position) names unknown knob \"\(member.name)\"; the seed is skipped")
                    continue seedLoop
                }
                guard let index = space.knobs[knob].values.firstIndex(of: member.value) else {
                    warnings.append("seed \(position) gives knob \"\(member.name)\" the value \(member.value.text), "
                                    + "which is not among its values; the seed is skipped")
                    continue seedLoop
                }
                indices[knob] = index
            }
            let seed = Assignment(indices)
            if !seeds.contains(seed) { seeds.append(seed) }
        }
        return seeds
    }

    private static func readSeed(_ value: JSONValue?) throws -> UInt64 {
        guard let value, value != .null else { return 0 }
        guard case .number(let number) = value else {
            throw ProblemError("\"seed\" must be an integer, not \(value.kindName)")
        }
        if let unsigned = UInt64(number.literal) { return unsigned }
        if let signed = Int64(number.literal) { return UInt64(bitPattern: signed) }
        throw ProblemError("\"seed\" must be an integer that fits in 64 bits, not \(number.literal)")
    }

    private static func readBudget(_ value: JSONValue?) throws -> Int? {
        guard let value, value != .null else { return nil }
        guard case .object = value else { throw ProblemError("\"budget\" must be an object, not \(value.kindName)") }
        guard let candidates = value["candidates"], candidates != .null else { return nil }
        guard case .number(let number) = candidates, let count = number.integer, count >= 0 else {
            throw ProblemError("\"budget.candidates\" must be null or a non-negative integer, not \(candidates.text)")
        }
        return count
    }

    private static func readOptions(_ value: JSONValue?) throws -> EvolutionOptions {
        var options = EvolutionOptions()
        guard let value, value != .null else { return options }
        guard case .object = value else {
            throw ProblemError("\"strategyOptions\" must be an object, not \(value.kindName)")
        }
        if let size = value["eliteSize"], size != .null {
            guard case .number(let number) = size, let count = number.integer, count >= 1 else {
                throw ProblemError("\"strategyOptions.eliteSize\" must be a positive integer, not \(size.text)")
            }
            options.eliteSize = count
        }
        if let weight = value["exploration"], weight != .null {
            guard case .number(let number) = weight, number.value >= 0 else {
                throw ProblemError("\"strategyOptions.exploration\" must be a non-negative number, not \(weight.text)")
            }
            options.exploration = number.value
        }
        return options
    }
}
