import AKGHost
import Foundation
import Testing
import TestSupport

/// `akg-host tune --backend triton` end to end on gemm MINI. Without a GPU
/// the candidates run in Triton's interpreter, whose times are not speed:
/// tune verifies each candidate, reports the run as correctness-only and
/// writes a verified `kernel_gemm.py`, never a speedup.
@Suite(.enabled(if: TritonEnvironment.available && !TritonEnvironment.hasGPU,
                "needs a Python with triton and numpy (scripts/setup); on a GPU machine tune times candidates instead"))
struct TritonTuneTests {
    @Test func tuneVerifiesTritonCandidatesAndReportsCorrectnessOnly() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral")
        let directory = try TestSupport.scratchDirectory("tune-triton")
        let out = directory.appendingPathComponent("out")
        let tune = try TestSupport.runHost(["tune", root.appendingPathComponent("linear-algebra/gemm.c").path,
                                            "-DMINI_DATASET", "-I", root.appendingPathComponent("common").path,
                                            "--backend", "triton", "--budget", "3", "--seeds", "1",
                                            "--db", directory.appendingPathComponent("tuning.db").path, "-o", out.path])
        #expect(tune.status == 0, "tune --backend triton:\n\(tune.stdout)\(tune.stderr)")
        #expect(tune.stdout.contains("correctness-only"), "\(tune.stdout)")
        #expect(!tune.stdout.contains("x vs original"), "interpreter times must not be reported as speed: \(tune.stdout)")
        let module = try String(contentsOf: out.appendingPathComponent("kernel_gemm.py"), encoding: .utf8)
        #expect(module.contains("@triton.jit"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("kernel_gemm.c").path))
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("Correctness-only"), "\(report)")
        let json = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(json.contains("\"correctnessOnly\""))
    }
}
