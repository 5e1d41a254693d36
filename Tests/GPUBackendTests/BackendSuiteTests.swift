import Foundation
import Testing
import TestSupport

/// Every kernel of the polyhedral suite (30) and the operator suite (25) at
/// MINI through both Triton-family backends: generated, compiled ahead of
/// time (sm_90/sm_80 PTX for Triton), verified in Triton's interpreter, and
/// for Ascend the TTIR through `triton-adapter-opt --triton-to-linalg` when
/// .venv-ascend has it. The interpreter makes this take 20-30 minutes per
/// backend on two cores, so it runs only with AKG_BACKEND_SUITE=1;
/// `bench/backends/sweep.sh` is the same check as a script.
@Suite(.enabled(if: TritonEnvironment.available && ProcessInfo.processInfo.environment["AKG_BACKEND_SUITE"] == "1",
                "the whole-suite backend sweep is opt-in (AKG_BACKEND_SUITE=1; 20-30 minutes per backend)"))
struct BackendSuiteTests {
    static let kernels: [String] = {
        let root = TestSupport.packageRoot
        var found: [String] = []
        for folder in ["bench/polyhedral", "bench/ops/level1", "bench/ops/level2"] {
            let base = root.appendingPathComponent(folder)
            let files = (try? FileManager.default.subpathsOfDirectory(atPath: base.path)) ?? []
            found += files.filter { $0.hasSuffix(".c") && !$0.hasPrefix("common") }.map { "\(folder)/\($0)" }
        }
        return found.sorted()
    }()

    /// Kernels whose MINI size can take the interpreter longer than the
    /// runner's 120 s (sequential programs: floyd-warshall, adi's sweeps,
    /// seidel-2d; heat-3d's 64 time steps of grid launches on a loaded
    /// machine): they must generate and build, and may be refused only for
    /// running out of time.
    static let slowInTheInterpreter: Set<String> = [
        "bench/polyhedral/medley/floyd-warshall.c", "bench/polyhedral/stencils/adi.c",
        "bench/polyhedral/stencils/seidel-2d.c", "bench/polyhedral/stencils/heat-3d.c",
    ]

    @Test(arguments: ["triton", "ascend"], kernels)
    func everySuiteKernelVerifies(backend: String, kernel: String) throws {
        let directory = try TestSupport.scratchDirectory("suite-\(backend)")
        let common = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/common").path
        let gen = try TestSupport.runHost(["gen", TestSupport.packageRoot.appendingPathComponent(kernel).path, "-DMINI_DATASET",
                                           "-I", common, "--backend", backend, "--seeds", "1", "-o", directory.path])
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        if Self.slowInTheInterpreter.contains(kernel) {
            #expect(gen.status == 0 || gen.stdout.contains("REFUSED (timeout)"), "\(gen.stdout)\(gen.stderr)")
        } else {
            #expect(gen.status == 0 && gen.stdout.contains("generated kernel verified"), "\(gen.stdout)\(gen.stderr)")
        }
        #expect(files.contains { $0.hasSuffix(".ttir") }, "\(files)")
        if backend == "triton" { #expect(files.contains { $0.hasSuffix(".sm_90.ptx") }, "\(files)") }
        if backend == "ascend", let tool = AscendAdapter.tool {
            for ttir in files where ttir.hasSuffix(".ttir") {
                let lowered = try TestSupport.run(tool, ["--triton-to-linalg", directory.appendingPathComponent(ttir).path])
                #expect(lowered.status == 0, "\(kernel) \(ttir): \(lowered.stderr.suffix(1500))")
            }
        }
    }
}
