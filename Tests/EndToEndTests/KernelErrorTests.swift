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
        try #"{"version": 1, "fusoin": "max"}"#.write(to: config, atomically: true, encoding: .utf8)
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/triangular.c")
        let result = try TestSupport.runHost(["opt", kernel.path, "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("'fusoin': unknown field"), "\(result.stderr)")
    }

    @Test func unknownPresetListsTheKnownOnes() throws {
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/triangular.c")
        let result = try TestSupport.runHost(["opt", kernel.path, "--preset", "polly"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unknown preset 'polly'"), "\(result.stderr)")
        #expect(result.stderr.contains("pluto"))
    }

    @Test func directiveThatBreaksADependenceIsRefusedWithANote() throws {
        let directory = try TestSupport.scratchDirectory("directive")
        let config = directory.appendingPathComponent("sched.json")
        try #"{"version": 1, "preset": "pluto", "directives": {"S0": {"parallel": ["t"]}}}"#
            .write(to: config, atomically: true, encoding: .utf8)
        let suite = TestSupport.packageRoot.appendingPathComponent("bench/polyhedral")
        let result = try TestSupport.runHost(["opt", suite.appendingPathComponent("stencils/jacobi-1d.c").path,
                                              "-I", suite.appendingPathComponent("common").path,
                                              "--config", config.path, "-o", directory.appendingPathComponent("out.c").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("note: directive refused: S0 parallel t"), "\(result.stderr)")
    }

    @Test func directiveNamingAnUnknownLoopIsAnError() throws {
        let directory = try TestSupport.scratchDirectory("directive-name")
        let config = directory.appendingPathComponent("sched.json")
        try #"{"version": 1, "directives": {"S0": {"vector": ["q"]}}}"#.write(to: config, atomically: true, encoding: .utf8)
        let kernel = TestSupport.packageRoot.appendingPathComponent("Tests/EndToEndTests/Kernels/triangular.c")
        let result = try TestSupport.runHost(["opt", kernel.path, "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("'q'"), "\(result.stderr)")
    }
}
