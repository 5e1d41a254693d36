import Foundation

/// What `akg-host tune` leaves in its output directory (docs/tuning.md, "Reports").
public enum TuningOutput {
    /// Writes the best kernel, its configuration, the candidate and the
    /// reports into `directory`; returns the paths written.
    public static func write(_ outcome: TuningOutcome, to directory: String, commandLine: [String]? = nil) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [String] = []
        func put(_ name: String, _ text: String) throws {
            let path = (directory as NSString).appendingPathComponent(name)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            written.append(path)
        }
        if let best = outcome.best, let code = best.code {
            try put(outcome.codeFileName, code)
            if let document = best.schedulerDocument, let value = try? JSONValue.parse(document) {
                try put("config.json", pretty(value))
            }
            if let candidate = best.candidate, let value = try? JSONValue.parse(candidate) {
                try put("candidate.json", pretty(value))
            }
        }
        var summary = TuningSummary(outcome, files: written.map { ($0 as NSString).lastPathComponent })
        if let reason = outcome.correctnessOnly {
            summary.correctnessOnly = reason
            summary.writtenCandidate = outcome.best?.candidateID
            summary.writtenFiles = written.map { ($0 as NSString).lastPathComponent }
        }
        summary.commandLine = commandLine
        try put("report.md", TuningReport.markdown(summary))
        try put("report.json", try TuningReport.json(summary))
        try put("speedup.svg", TuningReport.speedupChartSVG(summary))
        return written
    }

    /// One line for the terminal.
    public static func summaryLine(_ outcome: TuningOutcome) -> String {
        let measured = outcome.results.filter { $0.status != "duplicate" }.count
        if outcome.correctnessOnly != nil {
            let verified = outcome.results.filter { $0.status == "ok" && $0.duplicateOf == nil }.count
            guard let best = outcome.best else {
                return "\(outcome.kernel.name): correctness-only, no verified candidate among \(measured) (stopped: \(outcome.stoppedBecause))"
            }
            return "\(outcome.kernel.name): correctness-only (\(outcome.context.backendID) is not timed on this machine): "
                + "\(verified) of \(measured) candidates verified, no speedup measured; wrote \(best.candidateID) "
                + "(\(outcome.codeFileName)) (stopped: \(outcome.stoppedBecause))"
        }
        guard let best = outcome.best, let speedup = best.bestEstimate else {
            return "\(outcome.kernel.name): no verified candidate among \(measured) (stopped: \(outcome.stoppedBecause))"
        }
        var line = "\(outcome.kernel.name): best \(best.candidateID) verified, \(String(format: "%.2f", speedup))x vs original cc -O3"
        if let baseline = outcome.defaultResult?.bestEstimate, baseline > 0, outcome.defaultResult?.status == "ok" {
            line += String(format: ", %.2fx vs the default configuration", speedup / baseline)
        }
        line += " (\(measured) candidates, stopped: \(outcome.stoppedBecause))"
        return line
    }

    static func pretty(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return ((try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? value.canonicalText) + "\n"
    }
}

extension TuningSummary {
    /// The report's view of a finished run.
    init(_ outcome: TuningOutcome, files: [String]) {
        var counts = TuningCounts()
        var history: [TuningHistoryEntry] = []
        var best: Double?
        for (index, result) in outcome.results.enumerated() {
            switch result.status {
            case "ok": counts.ok += 1
            case "refused": counts.refused += 1
            case "error": counts.error += 1
            case "invalid": counts.invalid += 1
            case "duplicate": counts.duplicates += 1
            default: break
            }
            if result.status != "duplicate" { counts.measured += 1 }
            if result.fromRecords { counts.fromRecords += 1 }
            if result.status == "ok", let speedup = result.speedup { best = max(best ?? speedup, speedup) }
            history.append(TuningHistoryEntry(
                index: index + 1, candidateID: result.candidateID, status: result.status,
                speedup: result.status == "duplicate" ? nil : result.speedup, bestSoFar: best,
                elapsedSeconds: index < outcome.elapsed.count ? outcome.elapsed[index] : 0,
                fromRecords: result.fromRecords, duplicateOf: result.duplicateOf))
        }
        var notes = outcome.notes
        var bestCandidate: BestCandidate?
        if let winner = outcome.best, let speedup = winner.bestEstimate {
            bestCandidate = BestCandidate(
                candidateID: winner.candidateID, speedup: speedup,
                seconds: winner.seconds ?? 0, baselineSeconds: winner.baselineSeconds ?? 0,
                candidate: winner.candidate ?? "", config: winner.schedulerDocument, codeHash: winner.codeHash ?? "",
                files: files)
            if let confirmed = winner.confirmedSpeedup, let searched = winner.speedup {
                notes.append(String(format: "the finalists were timed again side by side with more pairs: %@ measured %.2fx during the search and %.2fx when confirmed",
                                    winner.candidateID, searched, confirmed))
            }
        }
        self.init(kernelName: outcome.kernel.name, kernelFile: outcome.context.kernelFile, kernelHash: outcome.context.kernelHash,
                  backendID: outcome.context.backendID, backendVersion: outcome.context.backendVersion,
                  strategyID: outcome.strategyID, machine: outcome.context.machine, threads: outcome.context.threads,
                  sizes: outcome.context.sizes, budgetCandidates: outcome.budget.candidates, budgetSeconds: outcome.budget.seconds,
                  startedAt: outcome.startedAt, finishedAt: outcome.finishedAt, stoppedBecause: outcome.stoppedBecause,
                  counts: counts, defaultSpeedup: outcome.defaultResult.flatMap { $0.status == "ok" ? $0.bestEstimate : nil },
                  best: bestCandidate, history: history, notes: notes)
    }
}
