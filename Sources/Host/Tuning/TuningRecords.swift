import Foundation

/// What makes measurements comparable: the same kernel, backend, machine,
/// threads and sizes. Two measurements with equal contexts may be compared
/// and one may stand in for the other.
///
/// The key is `kernelHash`, `backendID`, `backendVersion`, `machine`,
/// `threads` and `sizes`; `kernelName` and `kernelFile` describe the kernel
/// for people and do not take part in lookups (a kernel moved to another
/// file keeps its records).
public struct TuningContext: Codable, Equatable, Sendable {
    /// SHA-256 of the kernel as the host parsed it.
    public var kernelHash: String
    public var kernelName: String
    public var kernelFile: String
    public var backendID: String
    public var backendVersion: String
    /// A fingerprint of the machine (processor model, cores, ...).
    public var machine: String
    public var threads: Int
    /// The parameter values the kernel is timed at.
    public var sizes: [String: Int]

    public init(kernelHash: String, kernelName: String, kernelFile: String, backendID: String,
                backendVersion: String, machine: String, threads: Int, sizes: [String: Int]) {
        self.kernelHash = kernelHash
        self.kernelName = kernelName
        self.kernelFile = kernelFile
        self.backendID = backendID
        self.backendVersion = backendVersion
        self.machine = machine
        self.threads = threads
        self.sizes = sizes
    }

    /// `sizes` as JSON with sorted keys and no spaces, so equal sizes are equal text.
    public var canonicalSizes: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A [String: Int] always encodes.
        guard let data = try? encoder.encode(sizes) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// One row of the tuning database: a candidate measured (or refused) in a context.
public struct MeasurementRecord: Codable, Equatable, Sendable {
    /// Assigned by the database; ignored by `insert`.
    public var id: Int64?
    /// The tuning session that measured it, if any.
    public var session: Int64?
    public var context: TuningContext
    public var strategyID: String
    public var candidateID: String
    /// The candidate document, canonical JSON.
    public var candidate: String
    public var candidateHash: String
    /// The resolved scheduler configuration document (JSON), when there was one.
    public var config: String?
    /// SHA-256 of the generated code, when code was generated.
    public var codeHash: String?
    public var code: String?
    /// `ok`, `refused`, `error` or `invalid` (docs/tuning.md).
    public var status: String
    /// The refusal kind when `status` is `refused`.
    public var refusal: String?
    public var message: String
    /// Median baseline/candidate ratio when `status` is `ok`.
    public var speedup: Double?
    public var candidateNanoseconds: Int64?
    public var baselineNanoseconds: Int64?
    /// baseline/candidate for each timed pair.
    public var ratios: [Double]
    public var compileSeconds: Double
    public var measureSeconds: Double
    public var createdAt: Date

    public init(id: Int64? = nil, session: Int64? = nil, context: TuningContext, strategyID: String,
                candidateID: String, candidate: String, candidateHash: String, config: String? = nil,
                codeHash: String? = nil, code: String? = nil, status: String, refusal: String? = nil,
                message: String, speedup: Double? = nil, candidateNanoseconds: Int64? = nil,
                baselineNanoseconds: Int64? = nil, ratios: [Double] = [], compileSeconds: Double = 0,
                measureSeconds: Double = 0, createdAt: Date = Date()) {
        self.id = id
        self.session = session
        self.context = context
        self.strategyID = strategyID
        self.candidateID = candidateID
        self.candidate = candidate
        self.candidateHash = candidateHash
        self.config = config
        self.codeHash = codeHash
        self.code = code
        self.status = status
        self.refusal = refusal
        self.message = message
        self.speedup = speedup
        self.candidateNanoseconds = candidateNanoseconds
        self.baselineNanoseconds = baselineNanoseconds
        self.ratios = ratios
        self.compileSeconds = compileSeconds
        self.measureSeconds = measureSeconds
        self.createdAt = createdAt
    }
}

/// Everything recorded for one context, for `akg-host records`.
public struct KernelRecordSummary: Codable, Equatable, Sendable {
    /// The context; name and file are the newest measurement's.
    public var context: TuningContext
    /// Measurements recorded, whatever their status.
    public var measurements: Int
    /// Measurements by status (`ok`, `refused`, `error`, `invalid`).
    public var statusCounts: [String: Int]
    /// The highest speedup of an `ok` measurement.
    public var bestSpeedup: Double?
    public var bestCandidateID: String?
    public var bestMeasurementID: Int64?
    public var firstTuned: Date
    public var lastTuned: Date
    /// Tuning sessions started in this context.
    public var sessions: Int

    public var ok: Int { statusCounts["ok"] ?? 0 }
    public var failed: Int { measurements - ok }
}
