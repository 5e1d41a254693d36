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
