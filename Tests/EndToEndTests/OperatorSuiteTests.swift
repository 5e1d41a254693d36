import Foundation
import Testing
import TestSupport

/// `gen` on every operator of the operator suite (bench/ops, MINI), as
/// `bench/run ops` runs it: the front end accepts each kernel and the
/// verifier accepts the generated code. Swift Testing runs the cases in
/// parallel.
@Suite struct OperatorSuiteTests {
    static let suiteRoot = TestSupport.packageRoot.appendingPathComponent("bench/ops")

    /// Every kernel file, by level/name.
    static let operators: [String] = ["level1", "level2"].flatMap { level -> [String] in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteRoot.appendingPathComponent(level).path)) ?? []
        return names.filter { $0.hasSuffix(".c") }.sorted().map { "\(level)/\($0)" }
    }

    @Test func theSuiteHasEveryOperator() {
        #expect(Self.operators.count == 25, "\(Self.operators)")
    }

    @Test(arguments: operators)
    func genVerifiesTheOperatorAtMini(kernel: String) throws {
        let directory = try TestSupport.scratchDirectory("ops")
        let gen = try TestSupport.runHost(["gen", Self.suiteRoot.appendingPathComponent(kernel).path, "-DMINI_DATASET",
                                           "-o", directory.path, "--pairs", "0", "--seeds", "1"])
        #expect(gen.status == 0, "gen \(kernel):\n\(gen.stdout)\(gen.stderr)")
        #expect(gen.stdout.contains("generated kernel verified"), "\(gen.stdout)")
    }
}
