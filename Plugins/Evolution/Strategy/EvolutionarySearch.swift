#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One proposal of a search.
public struct Candidate: Equatable, Sendable {
    /// Unique within the search; the artifact name the host sees.
    public let id: String
    public let assignment: Assignment
    /// The candidate document (`{"knobs": {...}}`, every knob named).
    public let document: String
}

/// What `observe` made of a result.
public enum ObserveOutcome: Equatable, Sendable {
    case recorded
    /// No candidate of this search has that id; nothing was recorded.
    case unknownCandidate
    /// That candidate's result had already been observed; the first one stands.
    case alreadyObserved
}

/// Evolutionary search over a finite knob space, in the spirit of AKG's
/// adaptive tuner: an elite pool of the best results, parents picked by an
/// upper confidence bound, and offspring made by mutation and crossover.
///
/// 1. The problem's seeds go first, in order (the default assignment when
///    there are none).
/// 2. Every later candidate is a child of one parent. While no result is
///    `ok` the parents are the seeds; after that, the elite pool: the
///    `eliteSize` best `ok` (or `duplicate`) results by speedup.
/// 3. A parent's score is its speedup over the best one, plus a credit for
///    children that beat it, plus `exploration · √(ln(1 + N) / (1 + n))`
///    where `N` counts all children and `n` this parent's: a good parent is
///    used often, but a neglected one gets its turn. Ties go to the better
///    elite, then the older one.
/// 4. A child is the parent, crossed uniformly with another elite with
///    probability 0.3, then mutated in one to three knobs. An ordered numeric
///    knob (tile sizes) mostly steps to a neighbouring value; any other knob
///    takes a uniformly drawn different value.
/// 5. An assignment is never proposed twice: failures are remembered that
///    way too. When children keep colliding with earlier proposals the search
///    falls back to random fresh assignments, then to walking the space from
///    a random point; when every assignment has been proposed it proposes
///    nothing, which ends the search.
///
/// Deterministic: the same problem (seed included), the same `propose` sizes
/// and the same observed results give the same proposals. Nothing depends on
/// hashing order.
public struct EvolutionarySearch: Sendable {
    public let problem: TuningProblem
    private var random: SearchRandom

    /// The seeds to propose first (the default assignment when none given).
    private let startingPoints: [Assignment]
    private var nextStartingPoint = 0
    /// Ids of the starting points proposed so far: the parents before any
    /// result is good.
    private var startingIDs: [String] = []

    private var records: [String: Record] = [:]
    private var proposed: Set<Assignment> = []
    private var proposalCount = 0
    /// Proposals the host found to generate code it had measured already:
    /// they cost no measurement, so they do not spend the budget (the host
    /// counts the same way, docs/tuning.md).
    private var duplicateCount = 0
    private var generation = 0

    /// The best results, best first; ties keep the older candidate first.
    private var elites: [Elite] = []
    private var childCount: [String: Int] = [:]
    private var improvedChildren: [String: Int] = [:]
    private var totalChildren = 0

    /// Probability that a child starts as a crossover of two elites.
    static let crossoverRate = 0.3
    /// Weight of the share of a parent's children that beat it.
    static let improvementCredit = 0.25
    /// Mutation attempts per child before falling back to random assignments.
    static let offspringAttempts = 64
    /// Failed attempts on one parent before it is skipped for this child.
    static let attemptsPerParent = 8

    private struct Record: Sendable {
        let ordinal: Int
        let assignment: Assignment
        let parent: String?
        var observed = false
        var reward: Double?
    }

    private struct Elite: Sendable {
        let id: String
        let assignment: Assignment
        let speedup: Double
        let ordinal: Int
    }

    private struct Parent {
        let id: String
        let assignment: Assignment
        let value: Double
    }

    public init(problem: TuningProblem) {
        self.problem = problem
        self.random = SearchRandom(seed: problem.seed)
        self.startingPoints = problem.seeds.isEmpty ? [problem.space.defaultAssignment] : problem.seeds
    }

    /// The best result observed so far.
    public var best: (id: String, speedup: Double)? {
        elites.first.map { ($0.id, $0.speedup) }
    }

    /// How many candidates have been proposed.
    public var proposedCount: Int { proposalCount }

    /// True when every assignment of the space has been proposed.
    public var isExhausted: Bool { proposed.count >= problem.space.size }

    /// Up to `max` new candidates; none when the budget is spent or the space
    /// exhausted.
    public mutating func propose(max: Int) -> [Candidate] {
        var batch: [Candidate] = []
        var offspring = 0
        while batch.count < max, !isExhausted {
            if let budget = problem.candidateBudget, proposalCount - duplicateCount >= budget { break }
            if nextStartingPoint < startingPoints.count {
                let assignment = startingPoints[nextStartingPoint]
                nextStartingPoint += 1
                guard !proposed.contains(assignment) else { continue }
                let id = "s\(startingIDs.count)"
                startingIDs.append(id)
                batch.append(record(assignment, id: id, parent: nil))
                continue
            }
            if offspring == 0 { generation += 1 }
            guard let (child, parent) = makeOffspring() else { break }
            batch.append(record(child, id: "g\(generation)-\(offspring)", parent: parent))
            offspring += 1
        }
        return batch
    }

    /// Learns from the result of candidate `id`. Failures (no reward) only
    /// mark the candidate as observed: it is never proposed again anyway.
    public mutating func observe(id: String, result: TuningResult) -> ObserveOutcome {
        guard var entry = records[id] else { return .unknownCandidate }
        guard !entry.observed else { return .alreadyObserved }
        entry.observed = true
        entry.reward = result.reward
        if result.status == .duplicate { duplicateCount += 1 }
        records[id] = entry
        guard let reward = result.reward else { return .recorded }
        if let parent = entry.parent, reward > (records[parent]?.reward ?? 0) {
            improvedChildren[parent, default: 0] += 1
        }
        let elite = Elite(id: id, assignment: entry.assignment, speedup: reward, ordinal: entry.ordinal)
        let position = elites.firstIndex {
            reward > $0.speedup || (reward == $0.speedup && elite.ordinal < $0.ordinal)
        } ?? elites.count
        elites.insert(elite, at: position)
        if elites.count > problem.options.eliteSize { elites.removeLast(elites.count - problem.options.eliteSize) }
        return .recorded
    }

    private mutating func record(_ assignment: Assignment, id: String, parent: String?) -> Candidate {
        records[id] = Record(ordinal: proposalCount, assignment: assignment, parent: parent)
        proposed.insert(assignment)
        proposalCount += 1
        return Candidate(id: id, assignment: assignment, document: problem.space.candidateDocument(for: assignment))
    }

    // MARK: - Offspring

    /// A fresh assignment and its parent's id (nil for a random one), or nil
    /// when the space is exhausted.
    private mutating func makeOffspring() -> (Assignment, String?)? {
        let pool = parentPool()
        var skipped: Set<String> = []
        var failures: [String: Int] = [:]
        for _ in 0..<Self.offspringAttempts {
            guard let parent = selectParent(from: pool, skipping: skipped) else { break }
            var child = parent.assignment
            if !elites.isEmpty, pool.count >= 2, random.chance(Self.crossoverRate) {
                let mates = pool.filter { $0.id != parent.id }
                child = crossover(child, mates[random.next(below: mates.count)].assignment)
            }
            mutate(&child)
            if !proposed.contains(child) {
                childCount[parent.id, default: 0] += 1
                totalChildren += 1
                return (child, parent.id)
            }
            failures[parent.id, default: 0] += 1
            if failures[parent.id, default: 0] >= Self.attemptsPerParent { skipped.insert(parent.id) }
        }
        for _ in 0..<Self.offspringAttempts {
            let candidate = randomAssignment()
            if !proposed.contains(candidate) { return (candidate, nil) }
        }
        // Successive assignments in mixed-radix order are all different, so
        // within `proposed.count + 1` steps one is fresh unless none is left.
        var walk = randomAssignment()
        for _ in 0...proposed.count {
            if !proposed.contains(walk) { return (walk, nil) }
            walk = successor(of: walk)
        }
        return nil
    }

    /// The candidates children may come from, each with its value in [0, 1+].
    private func parentPool() -> [Parent] {
        guard let best = elites.first?.speedup else {
            return startingIDs.compactMap { id in
                records[id].map { Parent(id: id, assignment: $0.assignment, value: 0) }
            }
        }
        return elites.map { elite in
            let children = Double(childCount[elite.id, default: 0])
            let credit = Double(improvedChildren[elite.id, default: 0]) / (1 + children)
            return Parent(id: elite.id, assignment: elite.assignment,
                          value: elite.speedup / best + Self.improvementCredit * credit)
        }
    }

    /// The parent with the highest upper confidence bound; the first one on ties.
    private func selectParent(from pool: [Parent], skipping skipped: Set<String>) -> Parent? {
        let logTotal = log(Double(1 + totalChildren))
        var chosen: Parent?
        var chosenScore = -Double.infinity
        for parent in pool where !skipped.contains(parent.id) {
            let children = Double(childCount[parent.id, default: 0])
            let score = parent.value + problem.options.exploration * (logTotal / (1 + children)).squareRoot()
            if score > chosenScore {
                chosen = parent
                chosenScore = score
            }
        }
        return chosen
    }

    /// Each knob from `a` or `b` with equal probability.
    private mutating func crossover(_ a: Assignment, _ b: Assignment) -> Assignment {
        var child = a
        for knob in child.indices.indices where random.chance(0.5) {
            child.indices[knob] = b.indices[knob]
        }
        return child
    }

    /// Changes one knob (60%), two (30%) or three (10%) to another value.
    private mutating func mutate(_ assignment: inout Assignment) {
        var choices = problem.space.knobs.indices.filter { problem.space.knobs[$0].values.count > 1 }
        guard !choices.isEmpty else { return }
        let roll = random.nextUnit()
        let count = min(choices.count, roll < 0.6 ? 1 : roll < 0.9 ? 2 : 3)
        for _ in 0..<count {
            let knob = choices.remove(at: random.next(below: choices.count))
            assignment.indices[knob] = mutatedValue(of: problem.space.knobs[knob], from: assignment.indices[knob])
        }
    }

    /// Another value of `knob`: for an ordered knob usually one or two steps
    /// away (the direction drawn, the other one when the first leaves the
    /// list), else uniformly any other value.
    private mutating func mutatedValue(of knob: Knob, from current: Int) -> Int {
        let count = knob.values.count
        if knob.isOrdered, random.chance(0.8) {
            let distance = random.chance(0.75) ? 1 : 2
            let direction = random.chance(0.5) ? 1 : -1
            for step in [direction * distance, -direction * distance] where (0..<count).contains(current + step) {
                return current + step
            }
        }
        let other = random.next(below: count - 1)
        return other >= current ? other + 1 : other
    }

    private mutating func randomAssignment() -> Assignment {
        Assignment(problem.space.knobs.map { random.next(below: $0.values.count) })
    }

    /// The next assignment in mixed-radix order (last knob fastest), wrapping.
    private func successor(of assignment: Assignment) -> Assignment {
        var next = assignment
        for knob in problem.space.knobs.indices.reversed() {
            next.indices[knob] += 1
            if next.indices[knob] < problem.space.knobs[knob].values.count { break }
            next.indices[knob] = 0
        }
        return next
    }
}
