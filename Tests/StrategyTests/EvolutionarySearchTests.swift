import EvolutionStrategy
import Foundation
import Testing

/// The evolutionary search on its own, without the C ABI.
@Suite struct EvolutionarySearchTests {
    @Test func seedsComeFirstInOrderAsFullAssignments() throws {
        var search = EvolutionarySearch(problem: SyntheticProblem.problem(seed: 1))
        let first = search.propose(max: 2)
        let second = search.propose(max: 4)
        #expect(first.map(\.id) == ["s0", "s1"])
        #expect(second.prefix(2).map(\.id) == ["s2", "s3"])
        #expect((first + second.prefix(2)).map(\.assignment) == SyntheticProblem.seeds)
        #expect(second.dropFirst(2).allSatisfy { $0.id.hasPrefix("g") })
        let document = try JSONValue(parsing: first[1].document)
        #expect(first[1].document == #"{"knobs":{"scheduler.preset":"pluto","scheduler.tile.1.0":32,"#
            + #""scheduler.tile.1.1":32,"scheduler.tile.1.2":32,"cpu.unroll":1}}"#)
        #expect(SyntheticProblem.space.assignment(fromCandidate: document) == SyntheticProblem.seeds[1])
    }

    @Test func withoutSeedsTheDefaultGoesFirst() {
        var problem = SyntheticProblem.problem(seed: 1)
        problem.seeds = []
        var search = EvolutionarySearch(problem: problem)
        let batch = search.propose(max: 2)
        #expect(batch.first?.id == "s0")
        #expect(batch.first?.assignment == SyntheticProblem.space.defaultAssignment)
    }

    @Test func noAssignmentIsProposedTwiceAndIdsAreUnique() {
        var search = EvolutionarySearch(problem: SyntheticProblem.problem(seed: 3, budget: 400))
        let all = runToEnd(&search, objective: SyntheticProblem.result)
        #expect(all.count == 400)
        #expect(Set(all.map(\.assignment)).count == all.count)
        #expect(Set(all.map(\.id)).count == all.count)
        #expect(all.allSatisfy { SyntheticProblem.space.contains($0.assignment) })
    }

    @Test func sameSeedAndResultsGiveTheSameProposals() {
        func run(_ seed: UInt64) -> [String] {
            var search = EvolutionarySearch(problem: SyntheticProblem.problem(seed: seed, budget: 60))
            return runToEnd(&search, objective: SyntheticProblem.result).map { "\($0.id) \($0.document)" }
        }
        let first = run(7)
        #expect(first.count == 60)
        #expect(run(7) == first)
        #expect(run(8) != first)
        // The seeds do not depend on the random seed; what follows does.
        #expect(run(8).prefix(4) == first.prefix(4))
    }

    @Test func findsMuchMoreThanTheSeedsAndBeatsRandomSearch() {
        let runs: [UInt64] = Array(1...10)
        var evolutionBests: [Double] = []
        var randomBests: [Double] = []
        for seed in runs {
            var search = EvolutionarySearch(problem: SyntheticProblem.problem(seed: seed, budget: 40))
            let all = runToEnd(&search, objective: SyntheticProblem.result)
            #expect(all.count == 40)
            let best = bestSpeedup(all.map(\.assignment), objective: SyntheticProblem.result)
            #expect(search.best?.speedup == best)
            evolutionBests.append(best)
            randomBests.append(bestSpeedup(uniformRandomAssignments(count: 40, seed: seed),
                                           objective: SyntheticProblem.result))
        }
        let seedBest = bestSpeedup(SyntheticProblem.seeds, objective: SyntheticProblem.result)
        let evolutionMean = evolutionBests.reduce(0, +) / Double(runs.count)
        let randomMean = randomBests.reduce(0, +) / Double(runs.count)
        // The search is deterministic, so these numbers are fixed (today: every
        // run at least 2x the best seed's 1.2, and means of 3.3 against 2.7);
        // the margins leave room for harmless changes to the constants.
        #expect(evolutionBests.allSatisfy { $0 >= 1.5 * seedBest }, "\(evolutionBests) vs seeds \(seedBest)")
        #expect(evolutionMean >= randomMean + 0.4, "evolution \(evolutionBests), random \(randomBests)")
    }

    @Test func aTinySpaceIsExhaustedThenNothingIsProposed() {
        let space = SearchSpace(knobs: [
            Knob(name: "a", values: [.number(JSONNumber(1)), .number(JSONNumber(2))]),
            Knob(name: "b", values: [.string("x"), .string("y")]),
        ])
        var search = EvolutionarySearch(problem: TuningProblem(space: space, seed: 5))
        let all = runToEnd(&search) { _ in TuningResult(status: .ok, speedup: 1) }
        #expect(all.count == 4)
        #expect(Set(all.map(\.assignment)).count == 4)
        #expect(search.isExhausted)
        #expect(search.propose(max: 4).isEmpty)
    }

    @Test func failuresAreNeverProposedAgainAndSeedsAreStillMutated() {
        // Everything fails: children come from the seeds until the space is gone.
        let space = SearchSpace(knobs: [
            Knob(name: "a", values: (0..<3).map { .number(JSONNumber($0)) }),
            Knob(name: "b", values: (0..<3).map { .number(JSONNumber($0)) }),
            Knob(name: "c", values: [.bool(true), .bool(false)]),
        ])
        let seeds = [Assignment([0, 0, 0]), Assignment([2, 2, 1])]
        var search = EvolutionarySearch(problem: TuningProblem(space: space, seeds: seeds, seed: 2))
        let all = runToEnd(&search) { _ in TuningResult(status: .refused) }
        #expect(all.count == 18)
        #expect(Set(all.map(\.assignment)).count == 18)
        #expect(search.best == nil)

        // In a large space, the first children all lie within three knobs of a seed.
        var large = EvolutionarySearch(problem: SyntheticProblem.problem(seed: 4, budget: 24))
        let first = runToEnd(&large) { _ in TuningResult(status: .error) }
        for child in first.dropFirst(4) {
            let nearest = SyntheticProblem.seeds.map { seed in
                zip(seed.indices, child.assignment.indices).filter { $0 != $1 }.count
            }.min() ?? 0
            #expect((1...3).contains(nearest), "\(child.id) is \(nearest) knobs from every seed")
        }
    }

    @Test func theBudgetCapsProposals() {
        var search = EvolutionarySearch(problem: SyntheticProblem.problem(seed: 1, budget: 6))
        #expect(search.propose(max: 100).count == 6)
        #expect(search.propose(max: 100).isEmpty)
        var none = EvolutionarySearch(problem: SyntheticProblem.problem(seed: 1, budget: 0))
        #expect(none.propose(max: 4).isEmpty)
    }

    @Test func duplicatesCountWithTheSpeedupTheyCopy() {
        var search = EvolutionarySearch(problem: SyntheticProblem.problem(seed: 1))
        let batch = search.propose(max: 3)
        #expect(search.observe(id: batch[0].id, result: TuningResult(status: .ok, speedup: 1.5)) == .recorded)
        #expect(search.observe(id: batch[1].id, result: TuningResult(status: .duplicate, speedup: 2.5)) == .recorded)
        #expect(search.observe(id: batch[2].id, result: TuningResult(status: .duplicate)) == .recorded)
        #expect(search.best?.id == batch[1].id)
        #expect(search.best?.speedup == 2.5)
    }

    @Test func unknownAndRepeatedResultsAreReportedNotRecorded() {
        var search = EvolutionarySearch(problem: SyntheticProblem.problem(seed: 1))
        let batch = search.propose(max: 1)
        #expect(search.observe(id: "nope", result: TuningResult(status: .ok, speedup: 9)) == .unknownCandidate)
        #expect(search.observe(id: batch[0].id, result: TuningResult(status: .ok, speedup: 2)) == .recorded)
        #expect(search.observe(id: batch[0].id, result: TuningResult(status: .ok, speedup: 9)) == .alreadyObserved)
        #expect(search.best?.speedup == 2)
    }
}

/// `count` different assignments of the synthetic space drawn uniformly.
func uniformRandomAssignments(count: Int, seed: UInt64) -> [Assignment] {
    var random = SearchRandom(seed: seed ^ 0x5EED_0F_BA5E)
    var drawn: [Assignment] = []
    while drawn.count < count {
        let candidate = Assignment(SyntheticProblem.space.knobs.map { random.next(below: $0.values.count) })
        if !drawn.contains(candidate) { drawn.append(candidate) }
    }
    return drawn
}
