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

    /// The approximations' stated accuracy, measured: the helpers a kernel
    /// gets (scalar and vector forms, taken from its generated code) are
    /// compiled with a sweep that compares them with libm in double. expf
    /// within 2 ulp of normal results, tanhf within 2e-7 absolute, special
    /// values as C99 says, and the vector lanes bit-identical to the scalar
    /// helper, which the remainder loop uses.
    @Test func approximationsMeetTheirStatedAccuracy() throws {
        let (result, code) = try gen("elementwise.c", ["explicitSIMD=true", "approxMath=true"])
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)\(result.stderr)")
        let prelude = try #require(code.components(separatedBy: "void kernel_elementwise").first)
        let directory = try TestSupport.scratchDirectory("approximations")
        let harness = prelude + #"""
            #include <stdio.h>
            #include <float.h>
            int main(void) {
              double expWorst = 0, tanhWorst = 0; long mismatches = 0, bad = 0;
              for (double v = -110; v <= 95; v += 3e-4) {
                float xs[8]; for (int l = 0; l < 8; ++l) xs[l] = (float)(v + l * 3e-5);
                akg_vf e = akg_vf_exp(akg_vf_load(xs)), t = akg_vf_tanh(akg_vf_load(xs));
                for (int l = 0; l < 8; ++l) {
                  float se = akg_expf(xs[l]), st = akg_tanhf(xs[l]);
                  if (memcmp(&se, &e[l], 4) || memcmp(&st, &t[l], 4)) ++mismatches;
                  double re = exp((double)xs[l]);
                  if (re >= FLT_MIN && re <= FLT_MAX) {
                    double ulps = fabs(se - re) / (nextafterf((float)re, INFINITY) - (float)re);
                    if (ulps > expWorst) expWorst = ulps;
                  }
                  double te = fabs(st - tanh((double)xs[l]));
                  if (te > tanhWorst) tanhWorst = te;
                }
              }
              float special[8] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 89.5f, -104.5f, 1e-30f};
              akg_vf e = akg_vf_exp(akg_vf_load(special)), t = akg_vf_tanh(akg_vf_load(special));
              for (int l = 0; l < 8; ++l) {
                float x = special[l], le = expf(x), lt = tanhf(x);
                if (memcmp(&e[l], &le, 4) && !(e[l] != e[l] && le != le)) { printf("exp(%g) = %g, libm %g\n", x, e[l], le); ++bad; }
                if (memcmp(&t[l], &lt, 4) && !(t[l] != t[l] && lt != lt)) { printf("tanh(%g) = %g, libm %g\n", x, t[l], lt); ++bad; }
              }
              printf("exp %.3f ulp, tanh %.3g abs, %ld scalar/vector mismatches, %ld special values wrong\n",
                     expWorst, tanhWorst, mismatches, bad);
              return expWorst <= 2 && tanhWorst <= 2e-7 && mismatches == 0 && bad == 0 ? 0 : 1;
            }
            """#
        let source = directory.appendingPathComponent("approximations.c")
        try harness.write(to: source, atomically: true, encoding: .utf8)
        let binary = directory.appendingPathComponent("approximations").path
        let build = try TestSupport.run("/usr/bin/env", ["cc", "-O2", "-march=native", "-std=gnu99", source.path,
                                                         "-o", binary, "-lm"])
        try #require(build.status == 0, "\(build.stderr)")
        let run = try TestSupport.run(binary, [])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
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
