import Foundation
import Formats
import Testing
@testable import FrontEnd

/// Runs the real `cc -E` on files written to a temporary directory.
@Suite struct PreprocessorTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("akg-fe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func macrosIncludesAndPragmasSurvive() throws {
        _ = try write("sizes.h", "#define N 1000\n#define M (N + 24)\n")
        let path = try write("k.c", """
            #include <math.h>
            #include "sizes.h"
            #define DATA_TYPE double
            #define POLY_2D(v, a, b, x, y) v[a + 0][b + 0]
            /* a comment */
            void kernel(int n, DATA_TYPE POLY_2D(A, N, M, n, n), DATA_TYPE scale) {
              int i, j;
            #pragma scop
              for (i = 0; i < n; i++)
                for (j = 0; j < STEP; j++)
                  A[i][j] = sqrt(A[i][j]) * scale;
            #pragma endscop
            }
            """)
        let d = try FrontEnd.parse(file: path, options: FrontEndOptions(defines: ["STEP=n"], includePaths: [directory.path]))
        #expect(d.file == path)
        #expect(d.parameters[1].shape == ["1000", "1024"])
        #expect(d.region == KernelSourceRegion(scopLine: 8, endscopLine: 12))
        #expect(d.statements[0].location == KernelLocation(line: 11, column: 7))
        #expect(d.statements[0].domain == "[n] -> { S0[i, j] : 0 <= i < n and 0 <= j < n }")
    }

    @Test func errorsPointIntoTheOriginalFile() throws {
        let path = try write("bad.c", """
            #include <stdlib.h>
            void kernel(int n, double A[n]) {
            #pragma scop
              for (int i = 0; i < n; i++)
                A[i] = rand();
            #pragma endscop
            }
            """)
        do {
            _ = try FrontEnd.parse(file: path, options: FrontEndOptions())
            Issue.record("expected an error")
        } catch let e as FrontEndError {
            #expect(e.file == path)
            #expect(e.line == 5)
            #expect(e.column == 12)
            #expect(e.sourceLine == "    A[i] = rand();")
        }
    }

    @Test func missingFileAndPreprocessorFailure() throws {
        let missing = directory.appendingPathComponent("nope.c").path
        #expect(throws: FrontEndError(file: missing, line: 0, column: 0, reason: "no such file")) {
            try FrontEnd.parse(file: missing, options: FrontEndOptions())
        }
        let path = try write("inc.c", "#include \"does_not_exist.h\"\nvoid f(void) {}\n")
        do {
            _ = try Preprocessor.run(file: path)
            Issue.record("expected an error")
        } catch let e as FrontEndError {
            #expect(e.reason.hasPrefix("the preprocessor failed"))
            #expect(e.reason.contains("does_not_exist.h"))
        }
    }
}
