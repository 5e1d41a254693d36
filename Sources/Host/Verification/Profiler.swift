import Foundation

/// Timings of a candidate against a baseline, measured in one runner
/// process on the same inputs, interleaved so that machine noise hits both.
public struct ProfileReport: Codable, Sendable {
    public var parameters: [String: Int]
    public var threads: Int
    public var pairs: Int
    public var baselineMinNanoseconds: UInt64
    public var baselineMedianNanoseconds: UInt64
    public var candidateMinNanoseconds: UInt64
    public var candidateMedianNanoseconds: UInt64
    /// baseline / candidate per pair: above 1 means the candidate is faster.
    public var ratios: [Double]
    public var medianSpeedup: Double
}

public struct ProfileFailure: Error, CustomStringConvertible {
    public var description: String
}

extension Verifier {
    /// Times `baseline` and `candidate` at `values`: one warm-up each, then
    /// `pairs` alternating runs, inputs restored before every run (a run may
    /// repeat the kernel; see below).
    public func profile(baseline: BuiltKernel, candidate: BuiltKernel, values: [String: Int],
                        pairs: Int = 7) throws -> ProfileReport {
        let report = try profile(baseline: baseline, candidate: candidate, values: values, pairs: pairs, repetitions: 1)
        // A run shorter than the clock can resolve well gives ratios of
        // noise (or 0/0): time a tiny kernel over enough repetitions that each
        // timed run lasts about 200 µs, and keep the fastest repetition.
        let shortest = min(report.baselineMinNanoseconds, report.candidateMinNanoseconds)
        guard shortest < 50_000 else { return report }
        let repetitions = Int(min(10_000, max(2, 200_000 / max(1, shortest))))
        return try profile(baseline: baseline, candidate: candidate, values: values, pairs: pairs, repetitions: repetitions)
    }

    private func profile(baseline: BuiltKernel, candidate: BuiltKernel, values: [String: Int],
                         pairs: Int, repetitions: Int) throws -> ProfileReport {
        seedCounterForProfile &+= 1
        let setup = try makeSetup(values: values, seed: 0x5EED_0000 &+ seedCounterForProfile)
        var runs: [RunnerJob.Run] = [.init(kernel: 0, warmups: 1, repetitions: 1, restoreInputs: true),
                                     .init(kernel: 1, warmups: 1, repetitions: 1, restoreInputs: true)]
        for _ in 0..<pairs {
            runs.append(.init(kernel: 0, warmups: 0, repetitions: repetitions, restoreInputs: true))
            runs.append(.init(kernel: 1, warmups: 0, repetitions: repetitions, restoreInputs: true))
        }
        let job = try runJob(kernels: [baseline, candidate], setup: setup, runs: runs)
        if let failure = classify(job) {
            throw ProfileFailure(description: "timing run failed: \(failure.message)")
        }
        guard let timings = job.result?.timings, timings.count == runs.count else {
            throw ProfileFailure(description: "the runner reported no timings")
        }
        let measured = Array(timings.dropFirst(2))
        let base = stride(from: 0, to: measured.count, by: 2).map { measured[$0].minNanoseconds }
        let cand = stride(from: 1, to: measured.count, by: 2).map { measured[$0].minNanoseconds }
        let ratios = zip(base, cand).map { Double($0) / Double(max($1, 1)) }
        func median<T: Comparable>(_ values: [T]) -> T { values.sorted()[values.count / 2] }
        return ProfileReport(parameters: values, threads: options.threads, pairs: pairs,
                             baselineMinNanoseconds: base.min() ?? 0, baselineMedianNanoseconds: median(base),
                             candidateMinNanoseconds: cand.min() ?? 0, candidateMedianNanoseconds: median(cand),
                             ratios: ratios, medianSpeedup: median(ratios))
    }
}
