import Foundation
import Formats
import Testing
@testable import FrontEnd

/// Feeds every isl string the front end emits to libisl, so syntax mistakes are caught.
@Suite struct IslSyntaxTests {
    /// C helper reading `s <set>` / `m <map>` lines and exiting non-zero on the first it rejects.
    static let helperSource = """
        #include <isl/ctx.h>
        #include <isl/options.h>
        #include <isl/union_set.h>
        #include <isl/union_map.h>
        #include <stdio.h>
        #include <string.h>
        int main(void) {
            isl_ctx *ctx = isl_ctx_alloc();
            isl_options_set_on_error(ctx, ISL_ON_ERROR_CONTINUE);
            static char line[1 << 16];
            int bad = 0;
            while (fgets(line, sizeof line, stdin)) {
                line[strcspn(line, "\\n")] = 0;
                if (line[0] == 's') {
                    isl_union_set *s = isl_union_set_read_from_str(ctx, line + 2);
                    if (!s) { printf("rejected: %s\\n", line + 2); bad = 1; }
                    isl_union_set_free(s);
                } else if (line[0] == 'm') {
                    isl_union_map *m = isl_union_map_read_from_str(ctx, line + 2);
                    if (!m) { printf("rejected: %s\\n", line + 2); bad = 1; }
                    isl_union_map_free(m);
                }
            }
            isl_ctx_free(ctx);
            return bad;
        }
        """

    /// Compiles the helper, runs it on the strings and returns its report.
    static func validate(sets: [String], maps: [String]) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("akg-isl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("check.c")
        let binary = dir.appendingPathComponent("check")
        let input = dir.appendingPathComponent("input.txt")
        try helperSource.write(to: source, atomically: true, encoding: .utf8)
        let lines = sets.map { "s " + $0 } + maps.map { "m " + $0 }
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let script = "cc '\(source.path)' -o '\(binary.path)' -lisl && '\(binary.path)' < '\(input.path)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func emittedStringsParseInIsl() throws {
        let kernels = [
            ModelTests.gemm,
            """
            void f(int n, int m, double A[n][m], double B[n], double s) {
            #pragma scop
              s = 0;
              for (int i = max(0, m - n); i < min(n, m) && i < 100; i += 2)
                for (int j = ((i) < (1) ? (i) : (1)); j <= floord(n + i, 3); j++) {
                  if ((i == j || !(j < 5)) && j != 7) A[i][j % 4] = B[i / 2] + s;
                  else s += A[ceild(i, 2)][j];
                }
              for (int k = n; k > ceild(m, 3); k--) B[k - 1] = 1;
            #pragma endscop
            }
            """,
            "void z(double x) {\n#pragma scop\n  x = 1;\n#pragma endscop\n}",
        ]
        var sets: [String] = []
        var maps: [String] = []
        for k in kernels {
            let d = try model(k)
            sets.append(d.context)
            sets += d.statements.map(\.domain)
            maps += d.statements.flatMap { $0.reads + $0.writes }
            maps.append(d.originalSchedule)
        }
        let (status, output) = try Self.validate(sets: sets, maps: maps)
        #expect(status == 0, "\(output)")
    }

    @Test func theValidatorRejectsBadSyntax() throws {
        let (status, output) = try Self.validate(sets: ["[n] -> { S0[i] : i == n }"], maps: [])
        #expect(status != 0)
        #expect(output.contains("rejected"))
    }
}
