import EvolutionStrategy
import Foundation

/// A made-up tuning problem with a known answer: a speedup surface over five
/// knobs that peaks at one preset, one tile size per member and one unroll
/// factor, with regions where candidates fail.
enum SyntheticProblem {
    static let tileSizes = [0, 4, 8, 16, 32, 64, 128]
    static let presets = ["none", "pluto", "feautrier", "isl"]
    static let unrolls = [1, 2, 4, 8]

    /// The value indices of the peak: pluto, tiles 64 × 8 × 16, unroll 4.
    static let peak = Assignment([1, 5, 2, 3, 2])

    static var space: SearchSpace {
        func numbers(_ values: [Int]) -> [JSONValue] { values.map { .number(JSONNumber($0)) } }
        return SearchSpace(knobs: [
            Knob(name: "scheduler.preset", values: presets.map(JSONValue.string), defaultIndex: 0),
            Knob(name: "scheduler.tile.1.0", values: numbers(tileSizes), defaultIndex: 4),
            Knob(name: "scheduler.tile.1.1", values: numbers(tileSizes), defaultIndex: 4),
            Knob(name: "scheduler.tile.1.2", values: numbers(tileSizes), defaultIndex: 4),
            Knob(name: "cpu.unroll", values: numbers(unrolls), defaultIndex: 0),
        ])
    }

    /// The host's seeds: one per preset, everything else at its default.
    static var seeds: [Assignment] {
        presets.indices.map { preset in
            var seed = space.defaultAssignment
            seed.indices[0] = preset
            return seed
        }
    }

    static func problem(seed: UInt64, budget: Int? = 40) -> TuningProblem {
        TuningProblem(space: space, seeds: seeds, seed: seed, candidateBudget: budget)
    }

    /// The result the host would report for `assignment`.
    static func result(_ assignment: Assignment) -> TuningResult {
        let i = assignment.indices
        // Both outer tiles at 128 do not build; isl with unroll 8 fails to schedule.
        if i[1] == 6 && i[2] == 6 { return TuningResult(status: .refused) }
        if i[0] == 3 && i[4] == 3 { return TuningResult(status: .error) }
        return TuningResult(status: .ok, speedup: speedup(assignment))
    }

    static func speedup(_ assignment: Assignment) -> Double {
        let i = assignment.indices
        let presetFactor = [0.4, 1.0, 0.8, 0.7][i[0]]
        let unrollFactor = [0.7, 0.85, 1.0, 0.9][i[4]]
        let distance = (1...3).reduce(0.0) { sum, knob in
            let d = Double(i[knob] - peak.indices[knob])
            return sum + d * d
        }
        return 0.5 + 4.5 * exp(-distance / 4) * presetFactor * unrollFactor
    }
}

/// Runs `search` to the end the way the host does: propose `width`, observe
/// every result in order, repeat until nothing is proposed.
func runToEnd(_ search: inout EvolutionarySearch, width: Int = 4,
              limit: Int = 100_000, objective: (Assignment) -> TuningResult) -> [Candidate] {
    var all: [Candidate] = []
    while all.count < limit {
        let batch = search.propose(max: width)
        if batch.isEmpty { break }
        for candidate in batch {
            _ = search.observe(id: candidate.id, result: objective(candidate.assignment))
        }
        all += batch
    }
    return all
}

/// The best speedup among `assignments` (0 when none is ok).
func bestSpeedup(_ assignments: [Assignment], objective: (Assignment) -> TuningResult) -> Double {
    assignments.compactMap { objective($0).reward }.max() ?? 0
}
