import AKGHost
import Polyhedral
import Foundation
import Testing
import TestSupport

/// Triton-Ascend's `triton-adapter-opt` from `.venv-ascend` (scripts/setup
/// with AKG_WITH_ASCEND=1), when it is there.
enum AscendAdapter {
    static let tool: String? = {
        let lib = TestSupport.packageRoot.appendingPathComponent(".venv-ascend/lib")
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return nil }
        for version in versions.sorted() where version.hasPrefix("python3") {
            let path = lib.appendingPathComponent(version)
                .appendingPathComponent("site-packages/triton/backends/ascend/triton-adapter-opt").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()
}

/// The TTIR of the Ascend backend's kernels lowers to linalg with
/// Triton-Ascend's own pass (`--triton-to-linalg`), the first step of its
/// compiler: gemm (a row grid with lanes, and a tl.dot phase), a batched
/// float contraction (tl.dot with a batch index) and average pooling (a
/// flattened three-loop grid from the scheduler's npu.core mark).
@Suite(.enabled(if: TritonEnvironment.available && AscendAdapter.tool != nil,
                "no .venv-ascend with triton-adapter-opt: run AKG_WITH_ASCEND=1 scripts/setup"))
struct AscendLinalgTests {
    @Test(arguments: ["bench/polyhedral/linear-algebra/gemm.c", "Tests/EndToEndTests/Kernels/batched_contraction.c",
                      "bench/ops/level1/avg_pool2d.c"])
    func ttirLowersToLinalg(kernel: String) throws {
        let module = try lowerEveryTTIR(kernel)
        #expect(module.contains("tl.dot(") || module.contains("the scheduler's grid"), "\(module)")
    }

    /// durbin's `z[i] = y[i] + alpha * y[k - i - 1]` reads backwards across
    /// `i`: as a block of lanes its TTIR made triton-adapter-opt 3.2 abort
    /// (an assertion in its pointer analysis), so on Ascend that loop stays
    /// one item per iteration and every TTIR lowers.
    @Test func aLoopThatReadsBackwardsIsNotMadeLanes() throws {
        let module = try lowerEveryTTIR("bench/polyhedral/solvers/durbin.c")
        #expect(module.contains("tl.load((a_y + (((h_c0) - (i_c1)) - 1)))"), "the reversed read is a scalar per item: \(module)")
    }

    /// Generates and builds `kernel` with the Ascend backend and runs every
    /// kernel function's TTIR through `--triton-to-linalg`; returns the module.
    private func lowerEveryTTIR(_ kernel: String) throws -> String {
        let tool = try #require(AscendAdapter.tool)
        let root = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral")
        let backend = try TritonEnvironment.plugin("ascend")
        var options = KernelPipelineOptions()
        options.defines = ["MINI_DATASET"]
        options.includePaths = [root.appendingPathComponent("common").path]
        options.target = TargetFacts(capabilities: try backend.capabilities().data)
        let scheduled = try KernelPipeline.schedule(file: TestSupport.packageRoot.appendingPathComponent(kernel).path, options: options)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let generated = try backend.generate(format: "akg.ast+json/1", program: Array(try encoder.encode(scheduled.document)))
        let module = try #require(generated.artifacts.first { $0.name == "kernel.py" })
        #expect(!module.text.contains("tl.zeros([BLOCK]"), "uniform values are loaded as scalars, not zero-stride blocks")
        let built = try backend.build(sources: [module], options: "{}")
        let ttirs = built.artifacts.filter { $0.name.hasSuffix(".ttir") }
        #expect(!ttirs.isEmpty, "\(built.artifacts.map(\.name))")
        let directory = try TestSupport.scratchDirectory("ascend-linalg")
        for ttir in ttirs {
            let path = directory.appendingPathComponent(ttir.name).path
            try ttir.text.write(toFile: path, atomically: true, encoding: .utf8)
            let lowered = try TestSupport.run(tool, ["--triton-to-linalg", path])
            #expect(lowered.status == 0, "\(ttir.name): \(lowered.stderr.suffix(2000))")
            #expect(lowered.stdout.contains("linalg.") || lowered.stdout.contains("memref."), "\(ttir.name):\n\(lowered.stdout.prefix(2000))")
        }
        return module.text
    }
}
