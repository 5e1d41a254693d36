import Foundation
import Testing
import TestSupport

/// Bad kernels through `akg-host` as a user meets them: a located, explained
/// error and exit status 1, never a crash.
@Suite struct KernelErrorTests {
    private func check(_ region: String, line: Int, column: Int, reason: String,
                       preamble: String = "void k(int n, double A[100], double B[100][100]) {\n  int i, j;\n") throws {
        let directory = try TestSupport.scratchDirectory("errors")
        let file = directory.appendingPathComponent("bad.c")
        try (preamble + "#pragma scop\n" + region + "\n#pragma endscop\n}\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.runHost(["opt", file.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("\(file.path):\(line):\(column): error:"), "\(result.stderr)")
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        #expect(result.stderr.contains("^"), "the error shows a caret: \(result.stderr)")
    }

    @Test func nonAffineSubscript() throws {
        try check("for (i = 0; i < n; i++)\n  for (j = 0; j < n; j++)\n    A[i*j] = 0.0;", line: 6, column: 7, reason: "not affine")
    }

    @Test func dataDependentBound() throws {
        try check("for (i = 0; i < A[0]; i++)\n  A[i] = 1.0;", line: 4, column: 17, reason: "array data")
    }

    @Test func whileLoop() throws {
        try check("while (n > 0)\n  A[0] = 1.0;", line: 4, column: 1, reason: "while")
    }

    @Test func unsupportedTypeIsReported() throws {
        let directory = try TestSupport.scratchDirectory("errors-type")
        let file = directory.appendingPathComponent("bad.c")
        try "struct s { int x; };\nvoid k(int n, struct s A[10]) {\n  int i;\n#pragma scop\n  for (i = 0; i < n; i++)\n    A[i].x = 0;\n#pragma endscop\n}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.runHost(["opt", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file.path):2:"), "\(result.stderr)")
        #expect(result.stderr.contains("struct"), "\(result.stderr)")
    }

    @Test func missingFileIsAClearError() throws {
        let result = try TestSupport.runHost(["opt", "/nonexistent/kernel.c"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/kernel.c"))
    }

    @Test func unknownDumpStageIsRejected() throws {
        let result = try TestSupport.runHost(["schedule", "x.c", "--dump-after", "nonsense"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("unknown stage 'nonsense'"))
    }

    @Test func badConfigurationNamesTheField() throws {
        let directory = try TestSupport.scratchDirectory("config")
        let config = directory.appendingPathComponent("sched.json")
        try #"{"version": 1, "fusion": "max"}"#.write(to: config, atomically: true, encoding: .utf8)
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/triangular.c")
        let result = try TestSupport.runHost(["opt", kernel.path, "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("'fusion'"), "\(result.stderr)")
    }
}
