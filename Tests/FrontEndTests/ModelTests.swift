import Foundation
import Formats
import Testing
@testable import FrontEnd

/// Kernels that must be modelled, with the exact isl strings expected.
@Suite struct ModelTests {
    static let gemm = """
        void kernel_gemm(int ni, int nj, int nk, double alpha, double beta,
                         double C[ni][nj], double A[ni][nk], double B[nk][nj]) {
          int i, j, k;
        #pragma scop
          for (i = 0; i < ni; i++) {
            for (j = 0; j < nj; j++)
              C[i][j] *= beta;
            for (k = 0; k < nk; k++)
              for (j = 0; j < nj; j++)
                C[i][j] += alpha * A[i][k] * B[k][j];
          }
        #pragma endscop
        }
        """

    @Test func gemmLikeTripleLoop() throws {
        let d = try model(Self.gemm)
        #expect(d.format == "akg.kernel+json/1")
        #expect(d.name == "kernel_gemm")
        #expect(d.returnType == "void")
        #expect(d.integerParameters == ["ni", "nj", "nk"])
        #expect(d.context == "[ni, nj, nk] -> { : ni >= 0 and nj >= 0 and nk >= 0 }")
        #expect(d.region == KernelSourceRegion(scopLine: 4, endscopLine: 12))
        #expect(d.parameters.map(\.name) == ["ni", "nj", "nk", "alpha", "beta", "C", "A", "B"])
        #expect(d.parameters[3] == KernelParameter(name: "alpha", type: .double))
        #expect(d.parameters[5] == KernelParameter(name: "C", type: .double, shape: ["ni", "nj"]))
        #expect(d.arrays == [
            KernelArray(name: "C", elementType: .double, shape: ["ni", "nj"], usage: .readwrite, origin: .parameter),
            KernelArray(name: "A", elementType: .double, shape: ["ni", "nk"], usage: .read, origin: .parameter),
            KernelArray(name: "B", elementType: .double, shape: ["nk", "nj"], usage: .read, origin: .parameter),
        ])
        #expect(d.locals.isEmpty)
        #expect(d.statements.count == 2)
        let s0 = d.statements[0], s1 = d.statements[1]
        #expect(s0.name == "S0")
        #expect(s0.iterators == ["i", "j"])
        #expect(s0.domain == "[ni, nj, nk] -> { S0[i, j] : 0 <= i < ni and 0 <= j < nj }")
        #expect(s0.writes == ["[ni, nj, nk] -> { S0[i, j] -> C[i, j] }"])
        #expect(s0.reads == ["[ni, nj, nk] -> { S0[i, j] -> C[i, j] }"])
        #expect(s0.body.op == .multiply)
        #expect(s0.body.value == .scalar("beta"))
        #expect(s0.location == KernelLocation(line: 7, column: 7))
        #expect(s1.iterators == ["i", "k", "j"])
        #expect(s1.domain == "[ni, nj, nk] -> { S1[i, k, j] : 0 <= i < ni and 0 <= k < nk and 0 <= j < nj }")
        #expect(s1.reads == [
            "[ni, nj, nk] -> { S1[i, k, j] -> C[i, j] }",
            "[ni, nj, nk] -> { S1[i, k, j] -> A[i, k] }",
            "[ni, nj, nk] -> { S1[i, k, j] -> B[k, j] }",
        ])
        #expect(s1.body.cText() == "C[i][j] += alpha * A[i][k] * B[k][j];")
        #expect(d.originalSchedule
            == "[ni, nj, nk] -> { S0[i, j] -> [0, i, 0, j, 0, 0, 0]; S1[i, k, j] -> [0, i, 1, k, 0, j, 0] }")
    }

    @Test func triangularLoop() throws {
        let d = try model("""
            void tri(int n, float L[n][n]) {
            #pragma scop
              for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                  L[i][j] = L[i][j] / L[j][j];
            #pragma endscop
            }
            """)
        #expect(d.statements[0].domain == "[n] -> { S0[i, j] : 0 <= i < n and 0 <= j <= i }")
        #expect(d.statements[0].reads == ["[n] -> { S0[i, j] -> L[i, j] }", "[n] -> { S0[i, j] -> L[j, j] }"])
        #expect(d.arrays.first?.elementType == .float)
    }

    @Test func ifInsideLoopsAndElse() throws {
        let d = try model("""
            void f(int n, double A[n], double B[n]) {
            #pragma scop
              for (int i = 0; i < n; i++) {
                if (i > 0 && 2 * i <= n) A[i] = B[i - 1];
                else A[i] = 0.0;
                if (i == 3 || !(i < n - 1)) B[i] = 1;
              }
            #pragma endscop
            }
            """)
        #expect(d.statements.map(\.domain) == [
            "[n] -> { S0[i] : 0 <= i < n and i > 0 and 2*i <= n }",
            "[n] -> { S1[i] : 0 <= i < n and (i <= 0 or 2*i > n) }",
            "[n] -> { S2[i] : 0 <= i < n and (i = 3 or i >= n - 1) }",
        ])
        #expect(d.statements[0].reads == ["[n] -> { S0[i] -> B[i - 1] }"])
        #expect(d.statements[1].body.value == .float(value: 0, text: "0.0"))
        #expect(d.originalSchedule == "[n] -> { S0[i] -> [0, i, 0]; S1[i] -> [0, i, 1]; S2[i] -> [0, i, 2] }")
    }

    @Test func minMaxAsCallsAndTernaryMacros() throws {
        let d = try model("""
            void f(int n, int m, double A[n][m]) {
              int i, j;
            #pragma scop
              for (i = max(0, m - n); i < min(n, m); i++)
                for (j = ((i) > (1) ? (i) : (1)); j < ((m) < (i + 4) ? (m) : (i + 4)); j++)
                  A[i][j] = A[i][j - 1] + 1.0;
            #pragma endscop
            }
            """)
        #expect(d.statements[0].domain
            == "[n, m] -> { S0[i, j] : max(0, m - n) <= i < min(n, m) and max(i, 1) <= j < min(m, i + 4) }")
    }

    @Test func scalarAccumulatorBecomesZeroDimensionalArray() throws {
        let d = try model("""
            double dot(int n, double x[n], double y[n]) {
              double sum;
              int i;
            #pragma scop
              sum = 0.0;
              for (i = 0; i < n; i++)
                sum += x[i] * y[i];
            #pragma endscop
              return sum;
            }
            """)
        #expect(d.returnType == "double")
        #expect(d.locals == [KernelLocal(name: "sum", type: .double, declaredInRegion: false)])
        #expect(d.arrays.last == KernelArray(name: "sum", elementType: .double, shape: [], usage: .readwrite, origin: .local))
        #expect(d.statements[0].domain == "[n] -> { S0[] }")
        #expect(d.statements[0].writes == ["[n] -> { S0[] -> sum[] }"])
        #expect(d.statements[1].writes == ["[n] -> { S1[i] -> sum[] }"])
        #expect(d.statements[1].body.target == .access(array: "sum", index: []))
        #expect(d.originalSchedule == "[n] -> { S0[] -> [0, 0, 0]; S1[i] -> [1, i, 0] }")
    }

    @Test func macroExpandedSizesAreFolded() throws {
        let d = try model("""
            static void kernel_atax(int m, int n, double A[ 390 + 0][410 + 0], double x[2 * 205 + 10 / 3 - 3],
                                    const double y[(390 + 10) / 2]) {
            #pragma scop
              for (int i = 0; i < m; i++) x[i] = y[i] + A[i][i];
            #pragma endscop
            }
            """)
        #expect(d.parameters.compactMap(\.shape) == [["390", "410"], ["410"], ["200"]])
        #expect(d.context == "[m, n] -> { : }")
    }

    @Test func parametricSizesGiveNonNegativeContext() throws {
        let d = try model("""
            void f(long n, unsigned int m, double A[n + 1][2 * m]) {
            #pragma scop
              for (int i = 0; i <= n; i++) A[i][0] = 0;
            #pragma endscop
            }
            """)
        #expect(d.parameters[0].type == .long)
        #expect(d.parameters[1].type == .unsignedInt)
        #expect(d.parameters[2].shape == ["n + 1", "2*m"])
        #expect(d.context == "[n, m] -> { : n >= 0 and m >= 0 }")
        #expect(d.statements[0].body.value == .int(value: 0, text: "0"))
    }

    @Test func localsDeclaredInRegion() throws {
        let d = try model("""
            void f(int n, float A[n], float B[n]) {
            #pragma scop
              for (int i = 0; i < n; i++) {
                float t = A[i] * 2.0f;
                B[i] = t + sqrtf(t);
              }
            #pragma endscop
            }
            """)
        #expect(d.locals == [KernelLocal(name: "t", type: .float, declaredInRegion: true)])
        #expect(d.arrays.map(\.name) == ["A", "B", "t"])
        #expect(d.arrays[2] == KernelArray(name: "t", elementType: .float, shape: [], usage: .readwrite, origin: .local))
        #expect(d.statements[0].writes == ["[n] -> { S0[i] -> t[] }"])
        #expect(d.statements[0].body.value == .binary(
            op: .multiply, lhs: .access(array: "A", index: [.iterator("i")]), rhs: .float(value: 2, text: "2.0f")))
        #expect(d.statements[1].body.value == .binary(
            op: .add, lhs: .access(array: "t", index: []), rhs: .call(name: "sqrtf", args: [.access(array: "t", index: [])])))
        #expect(d.statements[1].location == KernelLocation(line: 5, column: 5))
    }

    @Test func floordCeildAndDivisionBounds() throws {
        let d = try model("""
            void f(int n, double A[n]) {
            #pragma scop
              for (int i = ceild(n, 4); i <= floord(n + 1, 2); i++)
                for (int j = 0; j < (i + 1) / 3; j += 2)
                  A[i] = A[j % 5];
            #pragma endscop
            }
            """)
        #expect(d.statements[0].domain
            == "[n] -> { S0[i, j] : ceil(n/4) <= i <= floor((n + 1)/2) and 0 <= j < floor((i + 1)/3) and (j mod 2) = 0 }")
        #expect(d.statements[0].reads == ["[n] -> { S0[i, j] -> A[(j mod 5)] }"])
    }

    @Test func decreasingAndStridedLoops() throws {
        let d = try model("""
            void f(int n, double A[n]) {
            #pragma scop
              for (int i = n - 1; i >= 0; i--) A[i] = 1;
              for (int i = 1; i < n; i = i + 3) A[i] = 2;
              for (int i = n; 0 < i; i -= 2) A[i - 1] = 3;
            #pragma endscop
            }
            """)
        #expect(d.statements.map(\.domain) == [
            "[n] -> { S0[i] : 0 <= i <= n - 1 }",
            "[n] -> { S1[i] : 1 <= i < n and (i mod 3) = 0 }".replacingOccurrences(of: "(i mod 3)", with: "((i - 1) mod 3)"),
            "[n] -> { S2[i] : 0 < i <= n and ((i - n) mod 2) = 0 }",
        ])
        // Decreasing loops run in reverse, so their schedule dimension is -i.
        #expect(d.originalSchedule == "[n] -> { S0[i] -> [0, -i, 0]; S1[i] -> [1, i, 0]; S2[i] -> [2, -i, 0] }")
    }

    @Test func expressionsCastsSelectsAndLiterals() throws {
        let d = try model("""
            void f(int n, double A[n], float B[n], double eps) {
            #pragma scop
              for (int i = 0; i < n; i++)
                A[i] = A[i] <= eps ? (double)B[i] * 1e-3 : -fabs(A[i]) + (float)(i % 2) / 2L + pow(A[i], 2.0);
              for (int i = 0; i < n; i++)
                B[i]++;
            #pragma endscop
            }
            """)
        let s = d.statements[0]
        #expect(s.body.cText() == "A[i] = A[i] <= eps ? (double)B[i] * 1e-3 : -fabs(A[i]) + (float)(i % 2) / 2L + pow(A[i], 2.0);")
        #expect(s.reads == ["[n] -> { S0[i] -> A[i] }", "[n] -> { S0[i] -> B[i] }"])
        #expect(d.statements[1].body == KernelAssignment(
            target: .access(array: "B", index: [.iterator("i")]), op: .add, value: .int(value: 1, text: "1")))
        #expect(d.statements[1].reads == ["[n] -> { S1[i] -> B[i] }"])
    }

    @Test func wholeBodyWhenKernelIsNamed() throws {
        let d = try model("""
            void helper(void) { }
            void scale(int n, double a, double X[n]) {
              for (int i = 0; i < n; i++)
                X[i] = a * X[i];
            }
            """, kernel: "scale")
        #expect(d.region == nil)
        #expect(d.statements.count == 1)
        #expect(d.statements[0].domain == "[n] -> { S0[i] : 0 <= i < n }")
    }

    @Test func lineMarkersMapToOriginalLines() throws {
        let d = try model("""
            # 1 "bench.c"
            # 1 "/usr/include/stdio.h" 1 3 4
            extern int printf(const char *, ...);
            # 40 "bench.c" 2
            void k(int n, double A[n]) {
            #pragma scop
              for (int i = 0; i < n; i++)
                   A[i] = 0;
            #pragma endscop
            }
            """)
        #expect(d.region == KernelSourceRegion(scopLine: 41, endscopLine: 44))
        #expect(d.statements[0].location == KernelLocation(line: 43, column: 8))
    }

    @Test func jsonRoundTrip() throws {
        let d = try model(Self.gemm)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(d)
        let decoded = try JSONDecoder().decode(KernelDocument.self, from: data)
        #expect(decoded == d)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains(#""format":"akg.kernel+json\/1""#))
        #expect(json.contains(#"{"kind":"scalar","name":"alpha"}"#))
        #expect(json.contains(#""kind":"access""#))
    }

    @Test func expressionJSONShape() throws {
        let e = KernelExpr.binary(op: .add, lhs: .int(value: 3, text: "3L"), rhs: .float(value: 1.5, text: "1.5f"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(e), as: UTF8.self)
        #expect(json == #"{"kind":"binary","lhs":{"kind":"int","text":"3L","value":3},"op":"+","rhs":{"kind":"float","text":"1.5f","value":1.5}}"#)
        let select = KernelExpr.select(condition: .iterator("i"), then: .parameter("n"), else: .unary(op: .not, operand: .scalar("x")))
        let back = try JSONDecoder().decode(KernelExpr.self, from: try encoder.encode(select))
        #expect(back == select)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(KernelExpr.self, from: Data(#"{"kind":"nope"}"#.utf8)) }
    }

    @Test func cTextKeepsEvaluationOrderAndSubstitutes() {
        let e = KernelExpr.binary(
            op: .subtract, lhs: .access(array: "A", index: [.binary(op: .add, lhs: .iterator("i"), rhs: .int(value: 1, text: "1"))]),
            rhs: .binary(op: .subtract, lhs: .scalar("b"), rhs: .unary(op: .negate, operand: .unary(op: .negate, operand: .iterator("j")))))
        #expect(e.cText() == "A[i + 1] - (b - -(-j))")
        #expect(e.cText(substituting: ["i": "c0", "j": "2 * c1"]) == "A[c0 + 1] - (b - -(-(2 * c1)))")
    }

    @Test func summaryMentionsStatementsAndArrays() throws {
        let text = try model(Self.gemm).summary()
        #expect(text.contains("kernel void kernel_gemm("))
        #expect(text.contains("double C[ni][nj]  readwrite, parameter"))
        #expect(text.contains("S1 at line 10, column 9: C[i][j] += alpha * A[i][k] * B[k][j];"))
        #expect(text.contains("domain: [ni, nj, nk] -> { S0[i, j] : 0 <= i < ni and 0 <= j < nj }"))
    }
}
