import Foundation

/// One candidate of a tuning run, in the order it was proposed.
public struct TuningHistoryEntry: Codable, Equatable, Sendable {
    /// Position in the run, counting from 1.
    public var index: Int
    public var candidateID: String
    /// `ok`, `refused`, `error`, `invalid` or `duplicate`.
    public var status: String
    /// Over the original, when `status` is `ok` (or a duplicate of an `ok` one).
    public var speedup: Double?
    /// The best speedup of the run up to and including this candidate.
    public var bestSoFar: Double?
    /// Seconds since the run started when the result came in.
    public var elapsedSeconds: Double
    /// Read back from the tuning database instead of measured now.
    public var fromRecords: Bool
    /// For `duplicate`: the candidate with the same code.
    public var duplicateOf: String?

    public init(index: Int, candidateID: String, status: String, speedup: Double? = nil, bestSoFar: Double? = nil,
                elapsedSeconds: Double, fromRecords: Bool = false, duplicateOf: String? = nil) {
        self.index = index
        self.candidateID = candidateID
        self.status = status
        self.speedup = speedup
        self.bestSoFar = bestSoFar
        self.elapsedSeconds = elapsedSeconds
        self.fromRecords = fromRecords
        self.duplicateOf = duplicateOf
    }
}

/// How many candidates ended how.
public struct TuningCounts: Codable, Equatable, Sendable {
    /// Candidates that count as measured: ok, refused, error and invalid
    /// (results read from the records included).
    public var measured: Int
    public var ok: Int
    public var refused: Int
    public var error: Int
    public var invalid: Int
    /// Candidates whose code was identical to an earlier one's.
    public var duplicates: Int
    /// Results read from the tuning database instead of measured now.
    public var fromRecords: Int

    public init(measured: Int = 0, ok: Int = 0, refused: Int = 0, error: Int = 0, invalid: Int = 0,
                duplicates: Int = 0, fromRecords: Int = 0) {
        self.measured = measured
        self.ok = ok
        self.refused = refused
        self.error = error
        self.invalid = invalid
        self.duplicates = duplicates
        self.fromRecords = fromRecords
    }
}

/// The fastest verified candidate of a run.
public struct BestCandidate: Codable, Equatable, Sendable {
    public var candidateID: String
    /// Over the original.
    public var speedup: Double
    /// Median time of the candidate and of the original.
    public var seconds: Double
    public var baselineSeconds: Double
    /// The candidate document (JSON).
    public var candidate: String
    /// The resolved scheduler configuration document (JSON), when the
    /// candidate went through the scheduler.
    public var config: String?
    public var codeHash: String
    /// Files written for it, relative to the output directory.
    public var files: [String]

    public init(candidateID: String, speedup: Double, seconds: Double, baselineSeconds: Double, candidate: String,
                config: String? = nil, codeHash: String, files: [String] = []) {
        self.candidateID = candidateID
        self.speedup = speedup
        self.seconds = seconds
        self.baselineSeconds = baselineSeconds
        self.candidate = candidate
        self.config = config
        self.codeHash = codeHash
        self.files = files
    }
}

/// What one `akg-host tune` run did: its setup, every candidate, the best
/// one. `TuningReport` renders it as report.md, report.json and speedup.svg.
public struct TuningSummary: Codable, Equatable, Sendable {
    public var kernelName: String
    public var kernelFile: String
    public var kernelHash: String
    public var backendID: String
    public var backendVersion: String
    public var strategyID: String
    /// The machine fingerprint of the tuning database.
    public var machine: String
    public var threads: Int
    /// The parameter values the kernel was timed at.
    public var sizes: [String: Int]
    public var budgetCandidates: Int?
    public var budgetSeconds: Double?
    public var startedAt: Date
    public var finishedAt: Date
    /// `budget`, `time`, `strategy done`, `interrupted`, ...
    public var stoppedBecause: String
    public var counts: TuningCounts
    /// The default scheduler configuration's speedup, when it was measured.
    public var defaultSpeedup: Double?
    public var best: BestCandidate?
    public var history: [TuningHistoryEntry]
    public var notes: [String]
    /// The command line that ran the search (shell-quoted words), for "how to reproduce".
    public var commandLine: [String]?
    /// Set, to the reason, when the backend's times are not speed (Triton's
    /// interpreter): candidates were verified only and `best` stays nil.
    public var correctnessOnly: String?
    /// In a correctness-only run: the verified candidate written out, and its files.
    public var writtenCandidate: String?
    public var writtenFiles: [String]?

    public init(kernelName: String, kernelFile: String, kernelHash: String, backendID: String,
                backendVersion: String, strategyID: String, machine: String, threads: Int, sizes: [String: Int],
                budgetCandidates: Int? = nil, budgetSeconds: Double? = nil, startedAt: Date, finishedAt: Date,
                stoppedBecause: String, counts: TuningCounts = TuningCounts(), defaultSpeedup: Double? = nil,
                best: BestCandidate? = nil, history: [TuningHistoryEntry] = [], notes: [String] = []) {
        self.kernelName = kernelName
        self.kernelFile = kernelFile
        self.kernelHash = kernelHash
        self.backendID = backendID
        self.backendVersion = backendVersion
        self.strategyID = strategyID
        self.machine = machine
        self.threads = threads
        self.sizes = sizes
        self.budgetCandidates = budgetCandidates
        self.budgetSeconds = budgetSeconds
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.stoppedBecause = stoppedBecause
        self.counts = counts
        self.defaultSpeedup = defaultSpeedup
        self.best = best
        self.history = history
        self.notes = notes
    }
}
