import Foundation
import Testing
import TestSupport

/// Every kernel of the polyhedral suite (30) and the operator suite (25) at
/// MINI through both Triton-family backends: generated, compiled ahead of
/// time (sm_90/sm_80 PTX for Triton), verified in Triton's interpreter, and
/// for Ascend the TTIR through `triton-adapter-opt --triton-to-linalg` when
/// .venv-ascend has it. The interpreter makes this take about half an hour
/// per backend on one core (floyd-warshall's sequential program and
/// seidel-2d's wavefronts alone take 5 to 8 minutes each), so it runs only
/// with AKG_BACKEND_SUITE=1;
/// `bench/backends/sweep.sh` is the same check as a script.
@Suite(.enabled(if: TritonEnvironment.available && ProcessInfo.processInfo.environment["AKG_BACKEND_SUITE"] == "1",
                "the whole-suite backend sweep is opt-in (AKG_BACKEND_SUITE=1; about half an hour per backend)"))
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

    /// The runner's limit per kernel. Sequential programs run one scalar
    /// operation at a time in the interpreter: floyd-warshall's single
    /// program took 10.7 minutes at MINI on one core of the development
    /// machine (the default limit of 120 s refused it for time), adi's and
    /// seidel-2d's a few minutes; every kernel must still be verified.
    static let timeLimitSeconds = "1800"

    @Test(arguments: ["triton", "ascend"], kernels)
    func everySuiteKernelVerifies(backend: String, kernel: String) throws {
        let directory = try TestSupport.scratchDirectory("suite-\(backend)")
        let common = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/common").path
        let gen = try TestSupport.runHost(["gen", TestSupport.packageRoot.appendingPathComponent(kernel).path, "-DMINI_DATASET",
                                           "-I", common, "--backend", backend, "--seeds", "1", "--pairs", "0",
                                           "--time-limit", Self.timeLimitSeconds, "-o", directory.path])
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        #expect(gen.status == 0 && gen.stdout.contains("generated kernel verified"), "\(gen.stdout)\(gen.stderr)")
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
