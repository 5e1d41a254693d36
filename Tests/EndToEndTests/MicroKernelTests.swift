import Foundation
import Testing
import TestSupport

/// The CPU backend's code knobs: the contraction micro-kernel (`microkernel`),
/// used for contractions, verified at sizes that leave partial register blocks
/// and panels, never used where the pattern does not hold; and SIMD
/// reductions (`simdReductions`).
@Suite struct MicroKernelTests {
    static let suite = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral")
    static let common = ["-I", suite.appendingPathComponent("common").path]

    func gen(_ kernel: String, _ flags: [String]) throws -> (TestSupport.ProcessResult, String) {
        let directory = try TestSupport.scratchDirectory("microkernel")
        let result = try TestSupport.runHost(["gen", Self.suite.appendingPathComponent(kernel).path, "-o", directory.path,
                                              "--pairs", "0", "--seeds", "1"] + Self.common + flags)
        let code = (try? String(contentsOf: directory.appendingPathComponent("kernel.c"), encoding: .utf8)) ?? ""
        return (result, code)
    }

    /// Sizes that are not multiples of the register block (6 x 2 vectors) or
    /// of the panels, so every edge path runs; 300 > the default k panel.
    @Test(arguments: [
        ("linear-algebra/gemm.c", ["-DNI=37", "-DNJ=29", "-DNK=300"]),
        ("linear-algebra/2mm.c", ["-DMINI_DATASET"]),
        ("linear-algebra/3mm.c", ["-DMINI_DATASET"]),
    ])
    func contractionsUseTheMicroKernelAndVerify(kernel: String, flags: [String]) throws {
        let (result, code) = try gen(kernel, flags)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)")
        #expect(code.contains("register-blocked contraction"), "\(code)")
        // The panels come from the compiler's builtins, so `opt` can put the
        // same code in a file it may not add includes to.
        #expect(code.contains("__builtin_malloc") && !code.contains("#include <stdlib.h>"))
    }

    @Test func theKnobTurnsItOff() throws {
        let (result, code) = try gen("linear-algebra/gemm.c", ["-DMINI_DATASET", "--knob", "microkernel=false"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!code.contains("register-blocked contraction"))
    }

    @Test(arguments: ["linear-algebra/syrk.c", "linear-algebra/trmm.c", "linear-algebra/atax.c", "stencils/jacobi-2d.c"])
    func otherKernelsKeepTheirLoopNest(kernel: String) throws {
        let (result, code) = try gen(kernel, ["-DMINI_DATASET"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!code.contains("register-blocked contraction"), "\(kernel) is no rectangular contraction")
    }

    @Test func reductionLoopsBecomeSIMDReductionsAndVerify() throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/reductions.c").path
        for (knob, expected) in [("simdReductions=true", true), ("simdReductions=false", false)] {
            let directory = try TestSupport.scratchDirectory("reductions")
            let result = try TestSupport.runHost(["gen", kernel, "-o", directory.path, "--pairs", "0", "--seeds", "1",
                                                  "--knob", knob])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("generated kernel verified"), "\(result.stdout)")
            let code = try String(contentsOf: directory.appendingPathComponent("kernel.c"), encoding: .utf8)
            #expect(code.contains("#pragma omp simd reduction(+:") == expected, "\(code)")
        }
    }

    @Test func anUnknownKnobIsAClearError() throws {
        let (result, _) = try gen("linear-algebra/gemm.c", ["-DMINI_DATASET", "--knob", "warp=9"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown knob 'warp'"), "\(result.stderr)")
    }
}
