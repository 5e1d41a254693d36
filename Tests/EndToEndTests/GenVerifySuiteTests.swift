import Foundation
import Testing
import TestSupport

/// `gen` and `verify` on every kernel of the polyhedral suite (MINI), as a
/// user runs them: the generated kernel and the `opt` output must both be
/// accepted by the verifier against the original.
@Suite struct GenVerifySuiteTests {
    static let suiteRoot = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral")
    static var flags: [String] { ["-DMINI_DATASET", "-I", suiteRoot.appendingPathComponent("common").path] }

    @Test(arguments: OptRoundTripTests.suiteKernels)
    func genAndVerifyAcceptTheSuiteKernel(kernel: String) throws {
        let source = Self.suiteRoot.appendingPathComponent(kernel)
        let directory = try TestSupport.scratchDirectory("gen")
        let gen = try TestSupport.runHost(["gen", source.path, "-o", directory.path, "--pairs", "1", "--seeds", "1"] + Self.flags)
        #expect(gen.status == 0, "gen \(kernel):\n\(gen.stdout)\(gen.stderr)")
        #expect(gen.stdout.contains("generated kernel verified"), "\(gen.stdout)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("kernel.c").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.json").path))

        let optimised = directory.appendingPathComponent("opt.c")
        let opt = try TestSupport.runHost(["opt", source.path, "-o", optimised.path] + Self.flags)
        try #require(opt.status == 0, "\(opt.stderr)")
        let verify = try TestSupport.runHost(["verify", source.path, "--candidate", optimised.path,
                                              "--pairs", "0", "--seeds", "1"] + Self.flags)
        #expect(verify.status == 0, "verify \(kernel):\n\(verify.stdout)\(verify.stderr)")
    }
}

/// Bad backend names for `gen` are refused before any work, naming the
/// backend and where to look.
@Suite struct GenBackendErrorTests {
    @Test(arguments: [["--backend", "nosuch"], ["--compare-backend", "nosuch"]])
    func anUnknownBackendIsRefusedAtOnce(flags: [String]) throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/linear-algebra/gemm.c").path
        let common = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral/common").path
        let gen = try TestSupport.runHost(["gen", kernel, "-DMINI_DATASET", "-I", common] + flags)
        #expect(gen.status != 0)
        #expect(gen.stderr.contains("no backend plugin 'nosuch' was found"), "\(gen.stderr)")
        #expect(!gen.stdout.contains("verified"), "nothing was generated first: \(gen.stdout)")
    }
}
