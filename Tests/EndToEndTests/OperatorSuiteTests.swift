import Foundation
import Testing
import TestSupport

/// `gen` on every operator of the operator suite (bench/ops, MINI), as
/// `bench/run ops` runs it: the front end accepts each kernel and the
/// verifier accepts the generated code. Swift Testing runs the cases in
/// parallel.
@Suite struct OperatorSuiteTests {
    static let suiteRoot = TestSupport.packageRoot.appendingPathComponent("bench/ops")

    /// Every kernel file, by level/name.
    static let operators: [String] = ["level1", "level2"].flatMap { level -> [String] in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteRoot.appendingPathComponent(level).path)) ?? []
        return names.filter { $0.hasSuffix(".c") }.sorted().map { "\(level)/\($0)" }
    }

    @Test func theSuiteHasEveryOperator() {
        #expect(Self.operators.count == 25, "\(Self.operators)")
    }

    @Test(arguments: operators)
    func genVerifiesTheOperatorAtMini(kernel: String) throws {
        let directory = try TestSupport.scratchDirectory("ops")
        let gen = try TestSupport.runHost(["gen", Self.suiteRoot.appendingPathComponent(kernel).path, "-DMINI_DATASET",
                                           "-o", directory.path, "--pairs", "0", "--seeds", "1"])
        #expect(gen.status == 0, "gen \(kernel):\n\(gen.stdout)\(gen.stderr)")
        #expect(gen.stdout.contains("generated kernel verified"), "\(gen.stdout)")
    }

    /// The one command a user runs for the table (bench/ops/README.md), end
    /// to end on two operators at MINI size (`-D MINI_DATASET`: the debug
    /// host verifies the benchmark's 4096 x 4096 shapes for minutes): peaks
    /// measured, both akg rows
    /// verified and timed (tuning with a budget of 2: the default and the
    /// CPU backend's seed), OpenBLAS for matvec, the eager columns (PyTorch
    /// skipped with a note where it is not installed), the target lines,
    /// JSON and SVG.
    @Test func benchRunOpsPrintsTheTableAndWritesJSONAndSVG() throws {
        let directory = try TestSupport.scratchDirectory("bench-ops")
        let json = directory.appendingPathComponent("run.json"), svg = directory.appendingPathComponent("run.svg")
        let run = try TestSupport.run("/bin/bash", [
            TestSupport.packageRoot.appendingPathComponent("bench/run").path, "ops",
            "--host", TestSupport.hostBinary.path, "--threads", "1", "--budget", "2", "--tune-time", "60s",
            "--rounds", "1", "-D", "MINI_DATASET", "--json", json.path, "--svg", svg.path, "relu", "matvec",
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("interleaved rounds, -DMINI_DATASET)"), "\(run.stdout)")
        for row in ["| relu | ", "| matvec | "] {
            let line = run.stdout.components(separatedBy: "\n").first { $0.hasPrefix(row) } ?? ""
            #expect(line.hasSuffix("| default yes; tuned yes |"), "\(row): \(line)\n\(run.stdout)")
        }
        #expect(run.stdout.contains("machine: 1T: fp32 FMA peak"), "\(run.stdout)")
        #expect(run.stdout.contains("### Targets (issue #7)"), "\(run.stdout)")
        let data = try Data(contentsOf: json)
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let records = try #require(document["records"] as? [[String: Any]])
        #expect(records.compactMap { $0["op"] as? String }.sorted() == ["matvec", "relu"])
        for record in records {
            let akg = record["akg"] as? [String: [String: Any]] ?? [:]
            #expect(akg["akg-default"]?["verified"] as? Bool == true, "\(record)")
            #expect(akg["akg-tuned"]?["verified"] as? Bool == true, "\(record)")
        }
        let chart = try String(contentsOf: svg, encoding: .utf8)
        #expect(chart.hasPrefix("<svg") || chart.hasPrefix("<?xml"), "\(chart.prefix(80))")
    }
}
