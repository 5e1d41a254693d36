import AKGHost
import Foundation
import Testing
import TestSupport

/// Whether this machine can run the Triton-family backends: a Python with
/// `triton` and `numpy` (scripts/setup puts them in .venv; AKG_PYTHON
/// overrides), and whether a GPU is present for the real-launch tier.
enum TritonEnvironment {
    static let python: String = {
        if let explicit = ProcessInfo.processInfo.environment["AKG_PYTHON"], !explicit.isEmpty { return explicit }
        return TestSupport.packageRoot.appendingPathComponent(".venv/bin/python3").path
    }()

    static let available: Bool = {
        (try? TestSupport.run("/usr/bin/env", [python, "-c", "import triton, numpy"]).status) == 0
    }()

    static let hasGPU: Bool = {
        (try? TestSupport.run("/usr/bin/env", ["nvidia-smi", "-L"]).status) == 0
    }()

    static func plugin(_ name: String) throws -> BackendInterface {
        let path = TestSupport.productsDirectory.appendingPathComponent("libakg-\(name).so").path
        let loaded = PluginLoader.load(PluginSearchPath(explicit: [path]))
        return try #require(loaded.plugins.first?.backend, "\(loaded.failures.map(\.description))")
    }
}

/// The Triton (GPU) and Ascend backends on this CPU machine: generated,
/// AOT-compiled (sm_90/sm_80 for Triton) and verified through Triton's
/// interpreter. A subset of the polyhedral suite runs here (the interpreter
/// is slow); bench/backends/sweep.sh runs all 30 kernels.
@Suite(.enabled(if: TritonEnvironment.available,
                "no Python with triton and numpy: run scripts/setup (it creates .venv) or set AKG_PYTHON"))
struct TritonBackendTests {
    static let suiteRoot = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral")
    static var flags: [String] { ["-DMINI_DATASET", "-I", suiteRoot.appendingPathComponent("common").path] }

    /// One kernel per mapping rule: grid + vector block (gemm), a host loop
    /// around grids (jacobi-1d), and a kernel with no dependence-free loop
    /// as written (trisolv), which the scheduler skews into a host loop over
    /// wavefronts around grids.
    static let sample = ["linear-algebra/gemm.c", "stencils/jacobi-1d.c", "solvers/trisolv.c"]

    @Test(arguments: ["triton", "ascend"], sample)
    func genVerifiesTheSuiteKernel(backend: String, kernel: String) throws {
        let directory = try TestSupport.scratchDirectory("gen-\(backend)")
        let gen = try TestSupport.runHost(["gen", Self.suiteRoot.appendingPathComponent(kernel).path, "--backend", backend,
                                           "-o", directory.path, "--seeds", "1"] + Self.flags)
        #expect(gen.status == 0, "gen --backend \(backend) \(kernel):\n\(gen.stdout)\(gen.stderr)")
        #expect(gen.stdout.contains("generated kernel verified"), "\(gen.stdout)")
        let module = try String(contentsOf: directory.appendingPathComponent("kernel.py"), encoding: .utf8)
        #expect(module.contains("@triton.jit"))
        let report = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("correctness-only"), "interpreter times must not be reported as speed")
        // The mapping is in the report and beside the kernel, with the build's artifacts.
        #expect(report.contains("## Mapping (\(backend))"), "\(report)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.contains("mapping.json") && files.contains { $0.hasSuffix(".ttir") }, "\(files)")
        if backend == "triton" { #expect(files.contains { $0.hasSuffix(".sm_90.ptx") }, "\(files)") }
        if backend == "ascend" {
            // Ascend's grid is the cores: programs loop over their share.
            #expect(module.contains("tl.num_programs(0)") || !module.contains("spread over programs"))
        }
    }

    /// Row sums and a row max: lane-parallel partial results finished with
    /// tl.sum/tl.max, verified; with the knob off the same loops stay
    /// sequential and still verify.
    @Test(arguments: [("triton", 1), ("triton", 0), ("ascend", 1)])
    func reductionsFinishWithTlSumAndTlMax(backend: String, tree: Int) throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/row_reductions.c").path
        let directory = try TestSupport.scratchDirectory("reductions-\(backend)-\(tree)")
        let gen = try TestSupport.runHost(["gen", kernel, "--backend", backend, "--knob", "tree_reductions=\(tree)",
                                           "-o", directory.path, "--seeds", "1"])
        #expect(gen.status == 0 && gen.stdout.contains("generated kernel verified"), "\(gen.stdout)\(gen.stderr)")
        let module = try String(contentsOf: directory.appendingPathComponent("kernel.py"), encoding: .utf8)
        if tree == 1 {
            #expect(module.contains("tl.sum(acc_"), "\(module)")
            #expect(module.contains("tl.max(acc_"), "\(module)")
            #expect(module.contains("reduction into dots") && module.contains("reduction into maxima"), "\(module)")
        } else {
            #expect(!module.contains("tl.sum("), "\(module)")
        }
    }

    /// A batched contraction with B transposed and a scale becomes one
    /// `tl.dot` launch over DOT_M x DOT_N tiles (verified at parameter points
    /// that leave partial tiles at every edge, and empty ones); the
    /// elementwise statement after it keeps its loops. With `dot=0` the
    /// contraction keeps its loop nest and verifies too.
    @Test(arguments: [("triton", 1), ("triton", 0), ("ascend", 1)])
    func contractionsRunAsTlDotTiles(backend: String, dot: Int) throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/batched_contraction.c").path
        let directory = try TestSupport.scratchDirectory("dot-\(backend)-\(dot)")
        let gen = try TestSupport.runHost(["gen", kernel, "--backend", backend, "--knob", "dot=\(dot)", "--knob", "dot_block_m=16",
                                           "--knob", "dot_block_n=16", "-o", directory.path, "--seeds", "1"])
        #expect(gen.status == 0 && gen.stdout.contains("generated kernel verified"), "\(gen.stdout)\(gen.stderr)")
        let module = try String(contentsOf: directory.appendingPathComponent("kernel.py"), encoding: .utf8)
        if dot == 1 {
            #expect(module.components(separatedBy: "tl.dot(").count == 2, "one contraction, one tl.dot: \(module)")
            #expect(module.contains("out_dtype=tl.float32") && module.contains("input_precision=\"ieee\""), "\(module)")
            #expect(module.contains("DOT_M = 16") && module.contains("i_b = "), "\(module)")
            if backend == "ascend" {
                #expect(module.contains("for akg_t in range(tl.program_id(0), akg_count, tl.num_programs(0))"), "\(module)")
            }
        } else {
            #expect(!module.contains("tl.dot("), "\(module)")
        }
    }

    /// Knob values tl.dot cannot take are refused with the knob's name.
    @Test func aDotTileBelowSixteenIsRefused() throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/batched_contraction.c").path
        let directory = try TestSupport.scratchDirectory("dot-bad-knob")
        let gen = try TestSupport.runHost(["gen", kernel, "--backend", "triton", "--knob", "dot_block_k=8",
                                           "-o", directory.path, "--seeds", "1"])
        #expect(gen.status != 0, "\(gen.stdout)")
        #expect((gen.stdout + gen.stderr).contains("dot_block_k"), "\(gen.stdout)\(gen.stderr)")
    }

    /// A knob the backend does not have (Triton's `block_y` on Ascend, a
    /// misspelling) is refused with the knobs it does have, not ignored.
    @Test func anUnknownKnobIsRefusedWithTheKnownOnes() throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/tiles_and_sweeps.c").path
        let directory = try TestSupport.scratchDirectory("unknown-knob")
        let gen = try TestSupport.runHost(["gen", kernel, "--backend", "ascend", "--knob", "block_y=8",
                                           "-o", directory.path, "--seeds", "1"])
        let output = gen.stdout + gen.stderr
        #expect(gen.status != 0, "\(output)")
        #expect(output.contains("unknown knob 'block_y'") && output.contains("knows block, cores"), "\(output)")
    }

    /// The scheduler's grid mark over a three-deep dependence-free nest
    /// (average pooling: batch, channel, output row) becomes program ids 2,
    /// 1, 0 on Triton, and one flattened range the cores loop over on
    /// Ascend; the output column stays a block of lanes. Verified.
    @Test(arguments: ["triton", "ascend"])
    func aSchedulerGridMarkBecomesProgramIds(backend: String) throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("bench/ops/level1/avg_pool2d.c").path
        let directory = try TestSupport.scratchDirectory("grid-\(backend)")
        let gen = try TestSupport.runHost(["gen", kernel, "-DMINI_DATASET", "--backend", backend, "-o", directory.path, "--seeds", "1"])
        #expect(gen.status == 0 && gen.stdout.contains("generated kernel verified"), "\(gen.stdout)\(gen.stderr)")
        let module = try String(contentsOf: directory.appendingPathComponent("kernel.py"), encoding: .utf8)
        #expect(module.contains("the scheduler's grid"), "\(module)")
        #expect(module.contains("tl.arange(0, BLOCK)"), "\(module)")
        if backend == "triton" {
            #expect(module.contains("tl.program_id(2)") && module.contains("rt.check_grid(akg_grid)"), "\(module)")
        } else {
            #expect(!module.contains("tl.program_id(1)") && module.contains("tl.num_programs(0)"), "\(module)")
        }
    }

    /// Point loops as blocks: a grid loop whose body is one dependence-free
    /// loop of statements becomes a `BLOCK_Y` x `BLOCK` tile per program
    /// (program ids 1 and 0), where a load that moves with the rows only
    /// (`r[i]`) or the columns only (`c[j]`) is masked by the tile's mask
    /// reduced over the other axis; a recurrence down each column and a
    /// backward sweep run in every lane of a block of columns, one block per
    /// program, instead of one program per column. Verified at 13 x 37
    /// (partial tiles on both axes). `block_y=1` gives rows one program each
    /// again; Ascend keeps 1-D blocks (triton-adapter-opt 3.2 refuses the
    /// column load of a 2-D tile) and its TTIR still lowers to linalg.
    @Test(arguments: [("triton", 8), ("triton", 1), ("ascend", 1)])
    func gridLoopsBecomeTilesAndLanes(backend: String, blockY: Int) throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/tiles_and_sweeps.c").path
        let directory = try TestSupport.scratchDirectory("tiles-\(backend)-\(blockY)")
        let knob = backend == "triton" ? ["--knob", "block_y=\(blockY)"] : []
        let gen = try TestSupport.runHost(["gen", kernel, "--backend", backend, "-o", directory.path, "--seeds", "1"] + knob)
        #expect(gen.status == 0 && gen.stdout.contains("generated kernel verified"), "\(gen.stdout)\(gen.stderr)")
        let module = try String(contentsOf: directory.appendingPathComponent("kernel.py"), encoding: .utf8)
        let mapping = try String(contentsOf: directory.appendingPathComponent("mapping.json"), encoding: .utf8)
        #expect(mapping.contains("the sequential loops inside run in every lane"), "\(mapping)")
        #expect(module.contains("for i_c1 in range(1, p_n, 1):"), "the column recurrence runs in the program: \(module)")
        if blockY > 1 {
            #expect(module.contains("BLOCK_Y = \(blockY)") && module.contains("tl.arange(0, BLOCK_Y))[:, None]"), "\(module)")
            #expect(module.contains("mask=m1_rows") && module.contains("mask=m1_cols"), "\(module)")
            #expect(mapping.contains("a \(blockY) x 128 tile per program"), "\(mapping)")
        } else {
            #expect(!module.contains("[:, None]"), "\(module)")
        }
        if backend == "ascend", let tool = AscendAdapter.tool {
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".ttir") }
            #expect(files.count == 3, "\(files)")
            for ttir in files {
                let lowered = try TestSupport.run(tool, ["--triton-to-linalg", directory.appendingPathComponent(ttir).path])
                #expect(lowered.status == 0, "\(ttir): \(lowered.stderr.suffix(1500))")
            }
        }
    }

    /// Migration: one command generates and verifies the kernel for both
    /// backends and writes migration.md with the phases whose mapping differs.
    @Test func compareBackendWritesTheMigrationReport() throws {
        let directory = try TestSupport.scratchDirectory("migration")
        let gen = try TestSupport.runHost(["gen", Self.suiteRoot.appendingPathComponent("linear-algebra/gemm.c").path,
                                           "--backend", "triton", "--compare-backend", "ascend", "-o", directory.path,
                                           "--seeds", "1"] + Self.flags)
        #expect(gen.status == 0, "\(gen.stdout)\(gen.stderr)")
        #expect(gen.stdout.contains("verified [ascend]") && gen.stdout.contains("migration.md"), "\(gen.stdout)")
        let migration = try String(contentsOf: directory.appendingPathComponent("migration.md"), encoding: .utf8)
        #expect(migration.contains("- triton: verified") && migration.contains("- ascend: verified"), "\(migration)")
        #expect(migration.contains("Differences (2 of 2 phases)"), "\(migration)")
        #expect(migration.contains("| 1 | **dot**") && migration.contains("persistent grid of up to 24 programs"), "\(migration)")
        let ascend = directory.appendingPathComponent("ascend")
        #expect(FileManager.default.fileExists(atPath: ascend.appendingPathComponent("kernel.py").path))
        #expect(FileManager.default.fileExists(atPath: ascend.appendingPathComponent("report.md").path))
    }

    /// A scalar local written in one launch and read in the next, by every
    /// program of a grid (deriche's coefficients): its value outlives the
    /// first launch and reaches each program.
    /// On Ascend a program of the persistent grid runs many iterations, and
    /// reads the local from its own slot (there is one per program, not per
    /// iteration: durbin was refused as wrong when iterations indexed them).
    @Test(arguments: [["--backend", "triton"], ["--backend", "ascend", "--knob", "cores=4"]])
    func aScalarLocalOutlivesItsLaunch(backend: [String]) throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/local_across_phases.c").path
        let directory = try TestSupport.scratchDirectory("local-phases")
        let gen = try TestSupport.runHost(["gen", kernel, "-o", directory.path, "--seeds", "1"] + backend)
        #expect(gen.status == 0 && gen.stdout.contains("generated kernel verified"), "\(gen.stdout)\(gen.stderr)")
        let module = try String(contentsOf: directory.appendingPathComponent("kernel.py"), encoding: .utf8)
        #expect(module.contains("rt.slots(l_e, l_e_last"), "\(module)")
    }

    @Test func buildCompilesAheadOfTimeForSM90AndSM80() throws {
        let backend = try TritonEnvironment.plugin("triton")
        let result = try backend.build(sources: [Artifact(name: "kernel.py", mediaType: "text/x-python", text: Self.scaleModule)],
                                       options: "{}")
        let names = Set(result.artifacts.map(\.name))
        #expect(names.contains("akg_scale_0.sm_90.ptx") && names.contains("akg_scale_0.sm_80.ptx"), "\(names)")
        #expect(names.contains("akg_scale_0.ttir") && names.contains("kernel.py"))
        let ptx = try #require(result.artifacts.first { $0.name == "akg_scale_0.sm_90.ptx" })
        #expect(ptx.text.contains(".target sm_90"))
    }

    @Test func tritonRejectingTheCodeFailsTheBuildWithItsMessage() throws {
        let backend = try TritonEnvironment.plugin("triton")
        let broken = Self.scaleModule.replacingOccurrences(of: "tl.arange(0, BLOCK)", with: "tl.arange(0, 100)")
        do {
            _ = try backend.build(sources: [Artifact(name: "kernel.py", mediaType: "text/x-python", text: broken)], options: "{}")
            Issue.record("a kernel Triton rejects must not build")
        } catch let error as PluginCallError {
            let message = error.diagnostics.map(\.message).joined(separator: "\n")
            #expect(message.contains("Triton rejected the generated kernel"), "\(message)")
            #expect(message.contains("power of 2") || message.contains("arange"), "\(message)")
        }
    }

    /// A hand-written module in the generated layout: b[i] = 2 a[i].
    static let scaleModule = """
        import triton
        import triton.language as tl
        NUM_WARPS = 4
        NUM_STAGES = 2
        BLOCK = 64

        @triton.jit
        def akg_scale_0(a_a, a_b, p_n, akg_count, BLOCK: tl.constexpr):
            offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
            mask = offs < p_n
            tl.store(a_b + offs, tl.load(a_a + offs, mask=mask) * 2.0, mask=mask)

        KERNELS = [(akg_scale_0, {"a_a": "*fp64", "a_b": "*fp64", "p_n": "i32", "akg_count": "i32", "BLOCK": "constexpr"},
                    {"BLOCK": BLOCK})]

        def launch(rt, p_n, a_a, a_b):
            akg_scale_0[((p_n + BLOCK - 1) // BLOCK,)](a_a, a_b, p_n, 1, BLOCK=BLOCK)
        """
}

/// Real launches and timings on a GPU (AKG_TRITON_DEVICE=gpu): runs only
/// where `nvidia-smi` finds one.
@Suite(.enabled(if: TritonEnvironment.available && TritonEnvironment.hasGPU,
                "GPU tier skipped: nvidia-smi finds no GPU on this machine (the interpreter tier above still runs)"))
struct TritonGPUTierTests {
    @Test func gemmVerifiesAndIsTimedOnTheGPU() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral")
        let gen = try TestSupport.runHost(["gen", root.appendingPathComponent("linear-algebra/gemm.c").path, "--backend", "triton",
                                           "--seeds", "1", "-DMINI_DATASET", "-I", root.appendingPathComponent("common").path],
                                          environment: ["AKG_TRITON_DEVICE": "gpu"])
        #expect(gen.status == 0, "\(gen.stdout)\(gen.stderr)")
    }
}
