import Foundation

/// The reports `gen` and `verify` write: `report.md` for people,
/// `report.json` for machines, and a one-line summary for the terminal.
public enum GenerationReport {
    public static func summaryLine(_ outcome: GenerationOutcome) -> String {
        let verdict = outcome.accepted ? "verified" : "REFUSED (\(outcome.verification.refusal?.rawValue ?? "?"))"
        var line = "\(outcome.kernel.name): \(outcome.candidateLabel) \(verdict)"
        if let profile = outcome.profile {
            line += String(format: ", %.2fx vs original cc -O3 (median of %d pairs, %.2f–%.2f), %d threads",
                           profile.medianSpeedup, profile.pairs, profile.ratios.min() ?? 0,
                           profile.ratios.max() ?? 0, profile.threads)
        }
        if !outcome.accepted { line += ": " + outcome.verification.message }
        return line
    }

    public static func json(_ outcome: GenerationOutcome) throws -> String {
        struct Document: Encodable {
            var format = "akg.report+json/1"
            var kernel: String
            var candidate: String
            var accepted: Bool
            var verification: VerificationReport
            var timing: ProfileReport?
            var reverified: Bool
            var stageSeconds: [String: Double]
            var notes: [String]
            var mapping: KernelMapping?
        }
        let document = Document(kernel: outcome.kernel.name, candidate: outcome.candidateLabel,
                                accepted: outcome.accepted, verification: outcome.verification,
                                timing: outcome.profile, reverified: outcome.reverified,
                                stageSeconds: Dictionary(outcome.stageTimings.map { ($0.stage.rawValue, $0.seconds) },
                                                         uniquingKeysWith: +),
                                notes: outcome.notes, mapping: outcome.mapping)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    public static func markdown(_ outcome: GenerationOutcome) -> String {
        let v = outcome.verification
        var out = "# akg report: \(outcome.kernel.name)\n\n"
        out += "**\(outcome.accepted ? "Verified" : "Refused")** — \(outcome.candidateLabel). \(v.message)\n\n"
        if let profile = outcome.profile {
            out += "## Timing\n\n"
            let params = outcome.kernel.integerParameters.compactMap { n in profile.parameters[n].map { "\(n)=\($0)" } }
            out += "At \(params.isEmpty ? "the kernel's size" : params.joined(separator: " ")), \(profile.threads) thread(s), "
            out += "\(profile.pairs) interleaved pairs on the same inputs (inputs restored before every run):\n\n"
            out += "| | min | median |\n|---|---|---|\n"
            out += "| original, cc -O3 -march=native | \(ms(profile.baselineMinNanoseconds)) | \(ms(profile.baselineMedianNanoseconds)) |\n"
            out += "| candidate | \(ms(profile.candidateMinNanoseconds)) | \(ms(profile.candidateMedianNanoseconds)) |\n\n"
            out += String(format: "Speedup: **%.2fx** (median of per-pair ratios; range %.2f–%.2f).\n\n",
                          profile.medianSpeedup, profile.ratios.min() ?? 0, profile.ratios.max() ?? 0)
        }
        out += "## Verification\n\n"
        out += "Reference: the original function, cc -O1 -ffp-contract=off, in the sandboxed runner. "
        out += "Outputs pre-filled with NaN (integers: a sentinel); read-only inputs checked unchanged; "
        out += "guard pages after and canaries before every tensor. Network isolation: \(v.networkIsolated ? "yes" : "not available").\n\n"
        if let containment = v.containment {
            out += "Containment of the candidate: \(containment.summary).\n\n"
        }
        out += "| parameters | seed | verdict | outputs (max abs error) |\n|---|---|---|---|\n"
        for item in v.cases {
            let params = outcome.kernel.integerParameters.compactMap { n in item.parameters[n].map { "\(n)=\($0)" } }
            let outputs = item.comparisons.map { c in
                "\(c.name): \(c.passed ? "ok" : "\(c.mismatches) wrong")" + (c.worstAbsoluteError.map { String(format: " (%.2g)", $0) } ?? "")
            }.joined(separator: ", ")
            out += "| \(params.joined(separator: " ")) | \(item.seed) | \(item.refusal?.rawValue ?? "ok") | \(outputs) |\n"
        }
        if v.toleranceWasDeciding {
            out += "\nSome outputs differ from the reference within tolerance: the tolerance, not exact equality, decided.\n"
        }
        if let mapping = outcome.mapping {
            out += "\n## Mapping (\(mapping.backend))\n\n\(mapping.summary)\n\n" + mapping.lines.map { "- \($0)\n" }.joined()
        }
        if !outcome.stageTimings.isEmpty {
            out += "\n## Scheduling\n\n| stage | seconds |\n|---|---|\n"
            for (stage, seconds) in outcome.stageTimings { out += String(format: "| %@ | %.4f |\n", stage.rawValue, seconds) }
        }
        if !outcome.notes.isEmpty {
            out += "\n## Notes\n\n" + outcome.notes.map { "- \($0)\n" }.joined()
        }
        return out
    }

    private static func ms(_ nanoseconds: UInt64) -> String {
        String(format: "%.3f ms", Double(nanoseconds) / 1e6)
    }
}
