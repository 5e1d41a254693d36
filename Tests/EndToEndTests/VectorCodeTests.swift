import Foundation
import Testing
import TestSupport

/// The CPU backend's knobs for elementwise and row-wise code: inline
/// `fmaxf`/`fminf` (always), `approxMath`, `explicitSIMD`, `parallelOuter`
/// and the tuning seed that turns them on. Every generated kernel must
/// verify at the verifier's parameter points (1, 2, 7, 33, … and the real
/// size: loops shorter than a vector, remainders, whole vectors).
@Suite struct VectorCodeTests {
    static let kernels = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels")

    func gen(_ kernel: String, _ knobs: [String]) throws -> (TestSupport.ProcessResult, String) {
        let directory = try TestSupport.scratchDirectory("vector-code")
        let result = try TestSupport.runHost(["gen", Self.kernels.appendingPathComponent(kernel).path, "-o", directory.path,
                                              "--pairs", "0", "--seeds", "1"] + knobs.flatMap { ["--knob", $0] })
        let code = (try? String(contentsOf: directory.appendingPathComponent("kernel.c"), encoding: .utf8)) ?? ""
        return (result, code)
    }

    @Test func fmaxAndFminAreInlineHelpersByDefault() throws {
        let (result, code) = try gen("elementwise.c", [])
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        #expect(code.contains("akg_fmaxf(X[") && code.contains("akg_fminf("), "\(code)")
        #expect(!code.contains("akg_expf") && code.contains(" expf("), "expf stays libm's without approxMath")
        #expect(!code.contains("explicit SIMD") && !code.contains("omp parallel"), "\(code)")
    }

    @Test func approximateExpAndTanhVerifyAcrossTheirRange() throws {
        let (result, code) = try gen("elementwise.c", ["approxMath=true"])
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        #expect(code.contains("akg_expf(95.0f") && code.contains("akg_tanhf("), "\(code)")
    }

    /// Without approxMath, expf has no vector form, so the loop holding it
    /// stays as it was (every statement of a loop is vectorised or none).
    @Test(arguments: [["explicitSIMD=true"], ["explicitSIMD=true", "approxMath=true"],
                      ["explicitSIMD=true", "approxMath=true", "parallelOuter=true", "unroll=4"]])
    func explicitSIMDVerifiesWithRemainders(knobs: [String]) throws {
        let (result, code) = try gen("elementwise.c", knobs)
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        let approximate = knobs.contains("approxMath=true")
        #expect(code.contains("explicit SIMD:") == approximate, "\(code)")
        #expect(code.contains("akg_vf_store(&A[") == approximate, "\(code)")
        #expect(code.contains("akg_vf_exp(") == approximate, "\(code)")
    }

    @Test func explicitSIMDOnDoubles() throws {
        let (result, code) = try gen("elementwise_f64.c", ["explicitSIMD=true"])
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        #expect(code.contains("lanes of double") && code.contains("akg_vd_fmax("), "\(code)")
    }

    /// `X * 0.1` with X float is computed in double in C: float lanes would
    /// round differently, so the loop is left to the compiler.
    @Test(arguments: ["mixed_precision.c", "mixed_compound.c"])
    func aDoubleConstantKeepsAFloatLoopScalar(kernel: String) throws {
        let (result, code) = try gen(kernel, ["explicitSIMD=true"])
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        #expect(!code.contains("explicit SIMD:"), "\(code)")
    }

    @Test func parallelOuterParallelisesTwoLevelNests() throws {
        let (result, code) = try gen("elementwise.c", ["parallelOuter=true"])
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        #expect(code.components(separatedBy: "#pragma omp parallel for").count == 2, "\(code)")
    }

    /// softmax's row maximum (reductions.c's max loop gets interchanged by the scheduler).
    @Test func maxReductionsBecomeSIMDReductions() throws {
        let directory = try TestSupport.scratchDirectory("vector-code")
        let softmax = TestSupport.packageRoot.appendingPathComponent("bench/ops/level1/softmax.c").path
        let result = try TestSupport.runHost(["gen", softmax, "-DMINI_DATASET", "-o", directory.path, "--pairs", "0",
                                              "--seeds", "1", "--knob", "simdReductions=true"])
        let code = (try? String(contentsOf: directory.appendingPathComponent("kernel.c"), encoding: .utf8)) ?? ""
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        #expect(code.contains("#pragma omp simd reduction(max:"), "\(code)")
    }

    @Test func theBackendSuggestsItsKnobsAsATuningSeed() throws {
        let result = try TestSupport.runHost(["plugins", "--json"])
        #expect(result.stdout.contains("\"tuningSeeds\""), "\(result.stdout)")
    }
}
