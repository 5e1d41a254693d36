import Foundation
import TestSupport
import XCTest

/// `akg-host tune` and `akg-host records` run as a user would, with a
/// scripted strategy (built out of tree from Strategies/scripted_strategy.c)
/// so each test decides exactly what is proposed.
final class TuneTests: XCTestCase {
    static let gemm = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/linear-algebra/gemm.c").path
    static let common = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/common").path
    /// MINI gemm: every candidate verifies and times in well under a second.
    static let kernelArguments = [gemm, "-I", common, "-DMINI_DATASET"]

    struct Setup {
        var directory: URL
        var plugin: String
        var database: String
        var script: URL
        var log: URL

        var environment: [String: String] {
            ["AKG_HOME": directory.appendingPathComponent("home").path, "AKG_SCRIPT": script.path,
             "AKG_SCRIPT_LOG": log.path]
        }

        /// The results the strategy was told, by candidate id, in order.
        func observed() throws -> [(id: String, result: [String: Any])] {
            guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
            return try text.split(separator: "\n").map { line in
                let parts = line.split(separator: "\t", maxSplits: 1)
                let object = try JSONSerialization.jsonObject(with: Data(parts[1].utf8)) as? [String: Any] ?? [:]
                return (String(parts[0]), object)
            }
        }
    }

    func makeSetup(_ label: String, candidates: [String]) throws -> Setup {
        let directory = try TestSupport.scratchDirectory(label)
        let source = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(
            "Tests/EndToEndTests/Strategies/scripted_strategy.c"), encoding: .utf8)
        let plugin = try TestSupport.buildCPlugin(source: source, name: "scripted", in: directory)
        let script = directory.appendingPathComponent("script.txt")
        try (candidates.joined(separator: "\n") + "\n").write(to: script, atomically: true, encoding: .utf8)
        return Setup(directory: directory, plugin: plugin, database: directory.appendingPathComponent("home/tuning.db").path,
                     script: script, log: directory.appendingPathComponent("observed.log"))
    }

    func tune(_ setup: Setup, _ extra: [String] = []) throws -> TestSupport.ProcessResult {
        try TestSupport.runHost(["tune"] + TuneTests.kernelArguments
                                + ["--plugin", setup.plugin, "--strategy", "scripted",
                                   "-o", setup.directory.appendingPathComponent("out").path] + extra,
                                environment: setup.environment)
    }

    func testBadCandidatesAreReportedToTheStrategyAndTheRunGoesOn() throws {
        let setup = try makeSetup("tune-bad", candidates: [
            #"{"knobs":{}}"#,
            "this is not JSON",
            #"{"knobs":{"scheduler.tile.1.0":48}}"#,
            #"{"knobs":{"scheduler.nonsense":1}}"#,
            #"{"knobs":{},"extra":true}"#,
            #"{"scheduler":{"version":1,"fusion":"sometimes"}}"#,
            #"{"knobs":{"scheduler.preset":"none"}}"#,
            #"{"source":"void kernel_gemm(void) { }"}"#,
            #"{"knobs":{"scheduler.tiling":"sizes","scheduler.tile.1.0":8,"cpu.unroll":4}}"#,
        ])
        let result = try tune(setup)
        XCTAssertEqual(result.status, 0, result.stderr)
        let observed = try setup.observed()
        XCTAssertEqual(observed.map(\.id), (0..<9).map { "k\($0)" }, "every candidate is observed, in order")
        let statuses = observed.map { $0.result["status"] as? String ?? "?" }
        XCTAssertEqual(statuses, ["ok", "invalid", "invalid", "invalid", "invalid", "invalid", "duplicate", "refused", "ok"])
        func message(_ index: Int) -> String { observed[index].result["message"] as? String ?? "" }
        XCTAssertTrue(message(1).contains("not valid JSON"), message(1))
        XCTAssertTrue(message(2).contains("cannot be 48"), message(2))
        XCTAssertTrue(message(3).contains("unknown knob 'scheduler.nonsense'"), message(3))
        XCTAssertTrue(message(4).contains("unknown field 'extra'"), message(4))
        XCTAssertTrue(message(5).contains("fusion"), message(5))
        XCTAssertEqual(observed[6].result["duplicateOf"] as? String, "k0")
        XCTAssertEqual(observed[7].result["refusal"] as? String, "build-failed")
        XCTAssertTrue(message(7).contains("does not build"), message(7))
        XCTAssertNotNil(observed[8].result["speedup"] as? Double)
        XCTAssertTrue((observed[8].result["code"] as? String ?? "").contains("#pragma GCC unroll 4"))
        XCTAssertTrue(result.stdout.contains("kernel_gemm: best k"), result.stdout)

        // The best kernel compiles on its own with the original signature, and
        // its configuration reproduces it through `gen`.
        let out = setup.directory.appendingPathComponent("out")
        for name in ["kernel_gemm.c", "config.json", "candidate.json", "report.md", "report.json", "speedup.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), name)
        }
        let compiled = try TestSupport.run("/usr/bin/env", ["cc", "-std=c99", "-Wall", "-Werror", "-fopenmp", "-c",
                                                            out.appendingPathComponent("kernel_gemm.c").path,
                                                            "-o", setup.directory.appendingPathComponent("best.o").path])
        XCTAssertEqual(compiled.status, 0, compiled.stderr)
        let gen = try TestSupport.runHost(["gen"] + TuneTests.kernelArguments
                                          + ["--config", out.appendingPathComponent("config.json").path, "--pairs", "0"])
        XCTAssertEqual(gen.status, 0, gen.stderr)
    }

    func testAStrategyThatProposesNothingEndsTheRunWithAClearMessage() throws {
        let setup = try makeSetup("tune-nothing", candidates: [])
        let result = try tune(setup)
        XCTAssertEqual(result.status, 4, "no verified candidate: exit status 4\n\(result.stderr)")
        XCTAssertTrue(result.stdout.contains("no verified candidate among 0"), result.stdout)
        XCTAssertTrue(result.stdout.contains("strategy done"), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: setup.directory.appendingPathComponent("out/report.md").path))
    }

    func testAStrategyThatCannotStartIsAnErrorNamingIt() throws {
        var setup = try makeSetup("tune-nostart", candidates: [])
        setup.script = setup.directory.appendingPathComponent("missing.txt")
        let result = try tune(setup)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("test.scripted"), result.stderr)
        XCTAssertTrue(result.stderr.contains("AKG_SCRIPT names no readable file"), result.stderr)
    }

    func testUnknownStrategyAndBadFlagsAreRefusedUpFront() throws {
        let unknown = try TestSupport.runHost(["tune"] + TuneTests.kernelArguments + ["--strategy", "telepathy"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("no strategy plugin 'telepathy'"), unknown.stderr)
        let time = try TestSupport.runHost(["tune"] + TuneTests.kernelArguments + ["--time", "soon"])
        XCTAssertTrue(time.stderr.contains("--time expects a duration"), time.stderr)
        let preset = try TestSupport.runHost(["tune"] + TuneTests.kernelArguments + ["--preset", "pluto"])
        XCTAssertTrue(preset.stderr.contains("tune searches scheduler configurations itself"), preset.stderr)
    }

    /// Distinct candidates: level-1 tile sizes of the three band members
    /// (without the micro-kernel, which computes gemm whatever the tiles).
    static func tileCandidates(_ count: Int) -> [String] {
        let sizes = [8, 16, 32, 64, 128, 256]
        return (0..<count).map { n in
            #"{"knobs":{"cpu.microkernel":false,"scheduler.tiling":"sizes","scheduler.tile.1.0":\#(sizes[n % 6]),"scheduler.tile.1.1":\#(sizes[(n / 6) % 6])}}"#
        }
    }

    func testAKilledRunResumesFromItsRecordsAndLosesNoMeasurement() throws {
        let setup = try makeSetup("tune-resume", candidates: TuneTests.tileCandidates(10))
        // Start, wait until a few results were observed (each is committed
        // before it is observed), then SIGKILL the host mid-run.
        let process = Process()
        process.executableURL = TestSupport.hostBinary
        process.arguments = ["tune"] + TuneTests.kernelArguments + ["--plugin", setup.plugin, "--strategy", "scripted",
                                                                    "-o", setup.directory.appendingPathComponent("out").path,
                                                                    "--budget", "10"]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(setup.environment) { _, new in new }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(240)
        while try setup.observed().count < 3 && Date() < deadline && process.isRunning {
            usleep(20_000)
        }
        let killedAfter = try setup.observed().count
        XCTAssertTrue(process.isRunning, "the run finished before it could be killed; make it longer")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(killedAfter, 3)

        // The database holds every observed measurement.
        let records = try TestSupport.runHost(["records", "--db", setup.database, "--json"] + TuneTests.kernelArguments,
                                              environment: setup.environment)
        XCTAssertEqual(records.status, 0, records.stderr)
        let recorded = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(records.stdout.utf8)) as? [String: Any])
        let measurements = try XCTUnwrap(recorded["measurements"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(measurements.count, killedAfter)

        // Running it again reuses them and measures only the rest.
        try? FileManager.default.removeItem(at: setup.log)
        let again = try tune(setup, ["--budget", "10"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let replayed = try setup.observed()
        XCTAssertEqual(replayed.map(\.id), (0..<10).map { "k\($0)" })
        let fromRecords = replayed.filter { $0.result["fromRecords"] as? Bool == true }.count
        XCTAssertGreaterThanOrEqual(fromRecords, measurements.count)
        XCTAssertLessThan(fromRecords, 10)

        // --fresh measures everything again.
        try? FileManager.default.removeItem(at: setup.log)
        let fresh = try tune(setup, ["--budget", "10", "--fresh"])
        XCTAssertEqual(fresh.status, 0, fresh.stderr)
        XCTAssertTrue(try setup.observed().allSatisfy { $0.result["fromRecords"] as? Bool == false })
    }

    func testInterruptStopsCleanlyAndWritesTheBestSoFar() throws {
        let setup = try makeSetup("tune-interrupt", candidates: TuneTests.tileCandidates(12))
        let process = Process()
        process.executableURL = TestSupport.hostBinary
        process.arguments = ["tune"] + TuneTests.kernelArguments + ["--plugin", setup.plugin, "--strategy", "scripted",
                                                                    "-o", setup.directory.appendingPathComponent("out").path]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(setup.environment) { _, new in new }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(240)
        while try setup.observed().count < 2 && Date() < deadline && process.isRunning {
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGINT)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("stopped: interrupted"), text)
        XCTAssertLessThan(try setup.observed().count, 12)
        let report = try String(contentsOf: setup.directory.appendingPathComponent("out/report.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("interrupted"), report)
        XCTAssertTrue(FileManager.default.fileExists(atPath: setup.directory.appendingPathComponent("out/kernel_gemm.c").path))
    }

    func testACorruptDatabaseIsAClearErrorAndIsLeftUntouched() throws {
        let setup = try makeSetup("tune-corrupt", candidates: TuneTests.tileCandidates(1))
        try FileManager.default.createDirectory(atPath: (setup.database as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) })
        try garbage.write(to: URL(fileURLWithPath: setup.database))
        let result = try tune(setup)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(setup.database), result.stderr)
        XCTAssertTrue(result.stderr.lowercased().contains("corrupt") || result.stderr.contains("not an SQLite database"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: setup.database)), garbage, "the file must not be touched")
        let records = try TestSupport.runHost(["records", "--db", setup.database])
        XCTAssertEqual(records.status, 1)
        XCTAssertTrue(records.stderr.contains(setup.database), records.stderr)
    }

    func testTheCRandomSearchBuiltOutOfTreeDrivesATuningRun() throws {
        let directory = try TestSupport.scratchDirectory("tune-random")
        let source = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Plugins/RandomSearch/random_search.c"),
                                encoding: .utf8)
        // Another id than the in-tree copy beside akg-host, so both load.
        let plugin = try TestSupport.buildCPlugin(
            source: "#define AKG_RANDOM_SEARCH_ID \"com.example.random\"\n" + source, name: "myrandom", in: directory)
        let environment = ["AKG_HOME": directory.appendingPathComponent("home").path]
        let result = try TestSupport.runHost(["tune"] + TuneTests.kernelArguments
                                             + ["--plugin", plugin, "--strategy", "com.example.random", "--budget", "3",
                                                "-o", directory.appendingPathComponent("out").path],
                                             environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        // Duplicates do not spend the budget, for the host or for the strategy.
        XCTAssertTrue(result.stdout.contains("stopped: budget"), result.stdout)
        let report = try String(contentsOf: directory.appendingPathComponent("out/report.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("com.example.random"), report)
        let records = try TestSupport.runHost(["records", "--json"] + TuneTests.kernelArguments, environment: environment)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(records.stdout.utf8)) as? [String: Any])
        let measurements = try XCTUnwrap(document["measurements"] as? [[String: Any]])
        XCTAssertEqual(measurements.count, 3, "three measured random candidates, each recorded")
        XCTAssertTrue(measurements.allSatisfy { ($0["strategyID"] as? String) == "com.example.random" })
    }

    func testATimeBudgetStopsTheSearch() throws {
        let setup = try makeSetup("tune-time", candidates: TuneTests.tileCandidates(30))
        let started = Date()
        let result = try tune(setup, ["--time", "10s"])
        // On a loaded machine the set-up alone may use the time: then no
        // candidate was verified (status 4), which is still a clean stop.
        XCTAssertTrue([0, 4].contains(result.status), result.stderr)
        XCTAssertTrue(result.stdout.contains("stopped: time"), result.stdout)
        XCTAssertLessThan(try setup.observed().count, 30)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
    }

    func testRecordsListsTunedKernels() throws {
        let setup = try makeSetup("tune-records", candidates: TuneTests.tileCandidates(2))
        let empty = try TestSupport.runHost(["records", "--db", setup.database])
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertTrue(empty.stdout.contains("no tuning records"), empty.stdout)
        XCTAssertEqual(try tune(setup).status, 0)
        let all = try TestSupport.runHost(["records"], environment: setup.environment)
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(all.stdout.contains("kernel_gemm"), all.stdout)
        let one = try TestSupport.runHost(["records"] + TuneTests.kernelArguments, environment: setup.environment)
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.contains("k0") && one.stdout.contains("k1"), one.stdout)
    }
}
