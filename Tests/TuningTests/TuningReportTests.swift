@testable import AKGHost
import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class TuningReportTests: XCTestCase {
    private func summary(history: [TuningHistoryEntry], best: BestCandidate?, defaultSpeedup: Double? = 1.6,
                         kernelName: String = "kernel_gemm") -> TuningSummary {
        TuningSummary(
            kernelName: kernelName, kernelFile: "kernels/gemm.c", kernelHash: SHA256.hex("gemm"),
            backendID: "org.akg.cpu", backendVersion: "0.1.0", strategyID: "org.akg.evolution",
            machine: "x86_64 AMD EPYC 7B13 16 cores", threads: 8, sizes: ["NI": 1000, "NJ": 1100, "NK": 1200],
            budgetCandidates: 40, budgetSeconds: nil,
            startedAt: Date(timeIntervalSince1970: 1_700_000_000), finishedAt: Date(timeIntervalSince1970: 1_700_000_723),
            stoppedBecause: "budget",
            counts: TuningCounts(measured: history.filter { $0.status != "duplicate" }.count,
                                 ok: history.filter { $0.status == "ok" }.count,
                                 refused: history.filter { $0.status == "refused" }.count,
                                 error: history.filter { $0.status == "error" }.count,
                                 invalid: history.filter { $0.status == "invalid" }.count,
                                 duplicates: history.filter { $0.status == "duplicate" }.count,
                                 fromRecords: history.filter(\.fromRecords).count),
            defaultSpeedup: defaultSpeedup, best: best, history: history,
            notes: ["scheduler: wavefront applied to band 0"])
    }

    /// A run with every status, improving twice, one duplicate and a record read back.
    private var mixedHistory: [TuningHistoryEntry] {
        [
            TuningHistoryEntry(index: 1, candidateID: "seed-none", status: "ok", speedup: 1.6, bestSoFar: 1.6,
                               elapsedSeconds: 3, fromRecords: true),
            TuningHistoryEntry(index: 2, candidateID: "seed-pluto", status: "ok", speedup: 2.1, bestSoFar: 2.1, elapsedSeconds: 9),
            TuningHistoryEntry(index: 3, candidateID: "g1-0", status: "refused", bestSoFar: 2.1, elapsedSeconds: 12),
            TuningHistoryEntry(index: 4, candidateID: "g1-1", status: "error", bestSoFar: 2.1, elapsedSeconds: 13),
            TuningHistoryEntry(index: 5, candidateID: "g1-2", status: "invalid", bestSoFar: 2.1, elapsedSeconds: 13.5),
            TuningHistoryEntry(index: 6, candidateID: "g1-3", status: "duplicate", speedup: 2.1, bestSoFar: 2.1,
                               elapsedSeconds: 14, duplicateOf: "seed-pluto"),
            TuningHistoryEntry(index: 7, candidateID: "g3-7", status: "ok", speedup: 2.41, bestSoFar: 2.41, elapsedSeconds: 30),
            TuningHistoryEntry(index: 8, candidateID: "g3-8", status: "ok", speedup: 0.7, bestSoFar: 2.41, elapsedSeconds: 41),
        ]
    }

    private var bestCandidate: BestCandidate {
        BestCandidate(candidateID: "g3-7", speedup: 2.41, seconds: 0.0123, baselineSeconds: 0.0296,
                      candidate: "{\"knobs\":{\"scheduler.preset\":\"pluto\",\"scheduler.tile.1.0\":64}}",
                      config: "{\"version\":1,\"preset\":\"pluto\",\"tiling\":{\"sizes\":[64,32]}}",
                      codeHash: SHA256.hex("best code"), files: ["kernel_gemm.best.c", "best-config.json"])
    }

    // MARK: report.md

    func testMarkdownHasTheKeyNumbers() {
        let text = TuningReport.markdown(summary(history: mixedHistory, best: bestCandidate))
        for expected in [
            "# Tuning report: `kernel_gemm`", "**2.41x**", "`g3-7`", "12.3 ms", "29.6 ms", "1.60x",
            "1.51x over the default configuration", // 2.41 / 1.6
            "| threads | 8 |", "NI=1000 NJ=1100 NK=1200", "40 candidates", "| stopped because | budget |",
            "12 min 3 s", "7 measured: 4 ok, 1 refused, 1 error, 1 invalid; 1 duplicate, 1 from the records.",
            "duplicate of `seed-pluto`", "ok (records)", "```json", "\"preset\" : \"pluto\"",
            "akg-host tune kernels/gemm.c --backend org.akg.cpu --strategy org.akg.evolution --budget 40 -o out/",
            "- scheduler: wavefront applied to band 0", "`kernel_gemm.best.c`",
        ] {
            XCTAssertTrue(text.contains(expected), "missing \(expected) in\n\(text)")
        }
        // One table row per candidate.
        let rows = text.split(separator: "\n").filter { $0.range(of: "^\\| [0-9]+ \\|", options: .regularExpression) != nil }
        XCTAssertEqual(rows.count, 8)
        XCTAssertFalse(text.contains("{\"knobs\""), "no raw candidate JSON outside the json block")
    }

    func testMarkdownWithoutAVerifiedCandidate() {
        let failed = [
            TuningHistoryEntry(index: 1, candidateID: "a", status: "refused", elapsedSeconds: 1),
            TuningHistoryEntry(index: 2, candidateID: "b", status: "error", elapsedSeconds: 2),
        ]
        let text = TuningReport.markdown(summary(history: failed, best: nil, defaultSpeedup: nil))
        XCTAssertTrue(text.contains("No faster version found: 2 candidates measured"), text)
        XCTAssertTrue(text.contains("no faster kernel than the original"), text)
        XCTAssertFalse(text.contains("```json"))
        XCTAssertFalse(text.lowercased().contains("nan"))
    }

    // MARK: report.json

    func testJSONRoundTrips() throws {
        let original = summary(history: mixedHistory, best: bestCandidate)
        let text = try TuningReport.json(original)
        XCTAssertEqual(try TuningReport.summary(fromJSON: text), original)
        XCTAssertTrue(text.contains("\"startedAt\" : \"2023-11-14T22:13:20Z\""), text)
        // Keys sorted: "backendID" comes before "best" comes before "budgetCandidates".
        let backend = try XCTUnwrap(text.range(of: "\"backendID\"")), best = try XCTUnwrap(text.range(of: "\"best\""))
        let budget = try XCTUnwrap(text.range(of: "\"budgetCandidates\""))
        XCTAssertLessThan(backend.lowerBound, best.lowerBound)
        XCTAssertLessThan(best.lowerBound, budget.lowerBound)

        let empty = summary(history: [], best: nil, defaultSpeedup: nil)
        XCTAssertEqual(try TuningReport.summary(fromJSON: try TuningReport.json(empty)), empty)
    }

    // MARK: speedup.svg

    func testChartIsWellFormedForAnyHistory() throws {
        let manyOK = (1...60).map { (index: Int) -> TuningHistoryEntry in
            let refused = index % 7 == 0
            let speedup: Double? = refused ? nil : 1 + Double(index % 13) / 5
            let best: Double = 1 + Double(min(index, 12)) / 5
            return TuningHistoryEntry(index: index, candidateID: "c\(index)", status: refused ? "refused" : "ok",
                                      speedup: speedup, bestSoFar: best, elapsedSeconds: Double(index))
        }
        let wideRange = [
            TuningHistoryEntry(index: 1, candidateID: "slow", status: "ok", speedup: 0.05, bestSoFar: 0.05, elapsedSeconds: 1),
            TuningHistoryEntry(index: 2, candidateID: "fast", status: "ok", speedup: 40, bestSoFar: 40, elapsedSeconds: 2),
        ]
        let allFailed = [
            TuningHistoryEntry(index: 1, candidateID: "a", status: "refused", elapsedSeconds: 1),
            TuningHistoryEntry(index: 2, candidateID: "b", status: "error", elapsedSeconds: 2),
            TuningHistoryEntry(index: 3, candidateID: "c", status: "invalid", elapsedSeconds: 3),
        ]
        let strange = [
            TuningHistoryEntry(index: 1, candidateID: "x<y>&\"z\"", status: "ok", speedup: .nan, bestSoFar: .infinity,
                               elapsedSeconds: .nan),
            TuningHistoryEntry(index: 2, candidateID: "zero", status: "ok", speedup: 0, bestSoFar: 0, elapsedSeconds: 1),
        ]
        let cases: [(String, TuningSummary)] = [
            ("empty", summary(history: [], best: nil, defaultSpeedup: nil)),
            ("one", summary(history: [mixedHistory[1]], best: nil, defaultSpeedup: nil)),
            ("mixed", summary(history: mixedHistory, best: bestCandidate)),
            ("many", summary(history: manyOK, best: nil, defaultSpeedup: 1.4)),
            ("wide range", summary(history: wideRange, best: nil)),
            ("all failed", summary(history: allFailed, best: nil, defaultSpeedup: nil)),
            ("non-finite numbers", summary(history: strange, best: nil, defaultSpeedup: .infinity,
                                           kernelName: "k<&>'\"\u{1}")),
        ]
        for (name, summary) in cases {
            let svg = TuningReport.speedupChartSVG(summary)
            let parser = XMLParser(data: Data(svg.utf8))
            XCTAssertTrue(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "") in\n\(svg)")
            let lowered = svg.lowercased()
            XCTAssertFalse(lowered.contains("nan"), "\(name): NaN in the chart")
            XCTAssertFalse(lowered.contains("inf"), "\(name): infinity in the chart")
            XCTAssertTrue(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), name)
            XCTAssertFalse(lowered.contains("<script"), name)
        }
    }

    func testChartContents() {
        let svg = TuningReport.speedupChartSVG(summary(history: mixedHistory, best: bestCandidate))
        XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 4 + 2, "4 ok dots and 2 legend marks (ok, from records)")
        XCTAssertTrue(svg.contains("stroke-dasharray"), "the default configuration's dashed line")
        XCTAssertTrue(svg.contains("best so far"))
        XCTAssertTrue(svg.contains("original (1.00x)"))
        XCTAssertTrue(svg.contains("default (1.60x)"))
        XCTAssertFalse(svg.contains("log scale"))
        let wide = summary(history: [
            TuningHistoryEntry(index: 1, candidateID: "a", status: "ok", speedup: 0.5, bestSoFar: 0.5, elapsedSeconds: 1),
            TuningHistoryEntry(index: 2, candidateID: "b", status: "ok", speedup: 30, bestSoFar: 30, elapsedSeconds: 2),
        ], best: nil, defaultSpeedup: nil)
        XCTAssertTrue(TuningReport.speedupChartSVG(wide).contains("log scale"))
    }
}
