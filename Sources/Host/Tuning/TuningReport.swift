import Foundation

/// The reports of one tuning run, written to the output directory
/// (docs/tuning.md, "Reports"): report.md for people, report.json for
/// scripts, speedup.svg for a glance (`speedupChartSVG`, SpeedupChart.swift).
public enum TuningReport {
    /// report.md: the setup, the result against the original and the
    /// default configuration, how to reproduce, and every candidate.
    public static func markdown(_ s: TuningSummary) -> String {
        var out: [String] = []
        out.append("# Tuning report: \(code(s.kernelName))")
        out.append("")
        out.append(headline(s))
        out.append("")

        out.append("## Setup")
        out.append("")
        out.append("| | |")
        out.append("|---|---|")
        out.append("| kernel | \(code(s.kernelName)) in \(code(s.kernelFile)) (hash \(code(TuningFormat.shortHash(s.kernelHash)))) |")
        out.append("| backend | \(code(s.backendID)) \(cell(s.backendVersion)) |")
        out.append("| strategy | \(code(s.strategyID)) |")
        out.append("| machine | \(cell(s.machine)) |")
        out.append("| threads | \(s.threads) |")
        out.append("| sizes | \(cell(TuningFormat.sizes(s.sizes))) |")
        out.append("| budget | \(budget(s)) |")
        out.append("| started | \(TuningFormat.date(s.startedAt)) |")
        out.append("| finished | \(TuningFormat.date(s.finishedAt)) (\(TuningFormat.wallTime(s.finishedAt.timeIntervalSince(s.startedAt)))) |")
        out.append("| stopped because | \(cell(s.stoppedBecause)) |")
        out.append("")

        out.append("## Result")
        out.append("")
        if let reason = s.correctnessOnly {
            out.append("Correctness-only run: \(reason).")
            out.append("")
            out.append("\(s.counts.ok) of \(s.counts.measured) measured candidate\(s.counts.measured == 1 ? "" : "s") verified against the original; the speedup columns below stay empty on purpose.")
            if let written = s.writtenCandidate {
                out.append("The kernel written out is \(code(written)) (the default configuration when it verified, else the first verified candidate)"
                           + ((s.writtenFiles ?? []).isEmpty ? "." : ": \((s.writtenFiles ?? []).map(code).joined(separator: ", "))."))
            }
        } else if let best = s.best {
            out.append("| version | time | speedup over the original |")
            out.append("|---|---|---|")
            out.append("| original | \(TuningFormat.seconds(best.baselineSeconds)) | 1.00x |")
            if let defaultSpeedup = s.defaultSpeedup {
                out.append("| default configuration | \(TuningFormat.seconds(best.baselineSeconds / defaultSpeedup)) | \(TuningFormat.speedup(defaultSpeedup)) |")
            }
            out.append("| best: \(code(best.candidateID)) | \(TuningFormat.seconds(best.seconds)) | **\(TuningFormat.speedup(best.speedup))** |")
            out.append("")
            if let defaultSpeedup = s.defaultSpeedup, defaultSpeedup > 0 {
                out.append("Against the default configuration the best candidate is \(TuningFormat.speedup(best.speedup / defaultSpeedup)).")
                out.append("")
            }
            out.append("Code hash \(code(TuningFormat.shortHash(best.codeHash))).")
            if !best.files.isEmpty {
                out.append("Files: \(best.files.map(code).joined(separator: ", ")).")
            }
            out.append("")
            out.append(best.config == nil ? "The best candidate:" : "The best configuration:")
            out.append("")
            out.append("```json")
            out.append(prettyJSON(best.config ?? best.candidate))
            out.append("```")
        } else {
            out.append("No candidate was verified and timed, so there is no faster kernel than the original.")
            if s.counts.measured > 0 {
                out.append("See the candidate table below for why each one failed.")
            }
        }
        out.append("")

        out.append("## How to reproduce")
        out.append("")
        out.append("Run the same tuning again (same kernel, backend, threads and sizes):")
        out.append("")
        out.append("```")
        out.append(reproduceCommand(s))
        out.append("```")
        out.append("")
        out.append("Every result above is in the tuning database, so it is read back instead of measured again,")
        out.append("and the strategy, seeing the same results, proposes the same candidates. Set `AKG_HOME` to")
        out.append("an empty directory to measure everything afresh.")
        out.append("")

        out.append("## Candidates")
        out.append("")
        let c = s.counts
        out.append("\(c.measured) measured: \(c.ok) ok, \(c.refused) refused, \(c.error) error, \(c.invalid) invalid;"
            + " \(c.duplicates) duplicate\(c.duplicates == 1 ? "" : "s"), \(c.fromRecords) from the records.")
        out.append("")
        if s.history.isEmpty {
            out.append("No candidate was proposed.")
        } else {
            out.append("| # | candidate | status | speedup | best so far | at |")
            out.append("|---:|---|---|---:|---:|---:|")
            for entry in s.history.sorted(by: { $0.index < $1.index }) {
                out.append("| \(entry.index) | \(code(entry.candidateID)) | \(status(entry)) | \(TuningFormat.speedup(entry.speedup)) | \(TuningFormat.speedup(entry.bestSoFar)) | \(TuningFormat.wallTime(entry.elapsedSeconds)) |")
            }
        }
        out.append("")

        if !s.notes.isEmpty {
            out.append("## Notes")
            out.append("")
            for note in s.notes { out.append("- \(note)") }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// report.json: the summary itself, keys sorted, dates in ISO 8601.
    public static func json(_ s: TuningSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // A report must not fail at the end of a long run over a stray NaN.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(s), as: UTF8.self) + "\n"
    }

    /// Reads back what `json` wrote.
    public static func summary(fromJSON text: String) throws -> TuningSummary {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(TuningSummary.self, from: Data(text.utf8))
    }

    // MARK: Pieces

    private static func headline(_ s: TuningSummary) -> String {
        if s.correctnessOnly != nil {
            return "Correctness-only: \(s.counts.ok) of \(s.counts.measured) candidate\(s.counts.measured == 1 ? "" : "s") verified, none timed (\(code(s.backendID)) runs in an interpreter here)."
        }
        guard let best = s.best else {
            return "No faster version found: \(s.counts.measured) candidate\(s.counts.measured == 1 ? "" : "s") measured, none verified and timed."
        }
        var line = "Best: **\(TuningFormat.speedup(best.speedup))** over the original (candidate \(code(best.candidateID)))"
        if let defaultSpeedup = s.defaultSpeedup, defaultSpeedup > 0 {
            line += ", \(TuningFormat.speedup(best.speedup / defaultSpeedup)) over the default configuration"
        }
        return line + ", after \(s.counts.measured) measured candidate\(s.counts.measured == 1 ? "" : "s")."
    }

    private static func budget(_ s: TuningSummary) -> String {
        var parts: [String] = []
        if let candidates = s.budgetCandidates { parts.append("\(candidates) candidate\(candidates == 1 ? "" : "s")") }
        if let seconds = s.budgetSeconds { parts.append(TuningFormat.wallTime(seconds)) }
        return parts.isEmpty ? "unlimited" : parts.joined(separator: ", ")
    }

    private static func status(_ entry: TuningHistoryEntry) -> String {
        var text = entry.status
        if let original = entry.duplicateOf { text += " of \(code(original))" }
        if entry.fromRecords { text += " (records)" }
        return cell(text)
    }

    private static func reproduceCommand(_ s: TuningSummary) -> String {
        if let words = s.commandLine, !words.isEmpty { return words.map(shellWord).joined(separator: " ") }
        var words = ["akg-host", "tune", shellWord(s.kernelFile), "--backend", shellWord(s.backendID),
                     "--strategy", shellWord(s.strategyID)]
        if let candidates = s.budgetCandidates { words += ["--budget", String(candidates)] }
        if let seconds = s.budgetSeconds { words += ["--time", "\(Int(seconds.rounded(.up)))s"] }
        words += ["-o", "out/"]
        return words.joined(separator: " ")
    }

    /// `text` pretty-printed with sorted keys when it is JSON, as given otherwise.
    private static func prettyJSON(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object,
                                                     options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    /// Inline code in a table cell: no pipes, no backticks to break out of it.
    private static func code(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ") + "`"
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// A shell word that survives copy and paste: quoted unless plainly safe.
    private static func shellWord(_ text: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./=:,+@%")
        if !text.isEmpty, text.allSatisfy({ safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
