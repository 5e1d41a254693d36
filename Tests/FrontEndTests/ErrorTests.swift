import Formats
import Testing
@testable import FrontEnd

/// Unsupported input must give a located, explained error.
@Suite struct ErrorTests {
    /// Wraps `body` (statements, indented by two spaces) in a kernel; the body starts on line 4.
    static func kernel(_ body: String, declarations: String = "") -> String {
        """
        void k(int n, int m, double A[n][n], double B[n], double x) {
          int i, j;\(declarations)
        #pragma scop
        \(body)
        #pragma endscop
        }
        """
    }

    static func expectError(_ source: String, line: Int, column: Int, _ reason: String, kernel: String? = nil) {
        guard let e = frontEndError(source, kernel: kernel) else {
            Issue.record("expected an error: \(reason)")
            return
        }
        #expect(e.file == "kernel.c")
        #expect(e.line == line)
        #expect(e.column == column)
        #expect(e.reason == reason)
    }

    @Test func nonAffineSubscript() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    for (j = 0; j < n; j++)\n      B[i*j] = 0;"), line: 6, column: 9,
            "subscript 'i*j' is not affine in the loop iterators and parameters")
    }

    @Test func dataDependentBound() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    for (j = 0; j < B[i]; j++)\n      A[i][j] = 0;"), line: 5, column: 21,
            "loop bound depends on array data ('B[i]'); only affine bounds are supported")
    }

    @Test func whileLoop() {
        Self.expectError(
            Self.kernel("  while (x > 0)\n    x = x - 1;"), line: 4, column: 3,
            "'while' loops are not supported in a kernel region; use a for loop with affine bounds")
    }

    @Test func pointerArithmetic() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    *(B + i) = 0;"), line: 5, column: 5, "pointer arithmetic is not supported")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    x = x + *(B + i);"), line: 5, column: 13, "pointer arithmetic is not supported")
    }

    @Test func callWithSideEffects() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    B[i] = rand();"), line: 5, column: 12,
            "call to 'rand' may have side effects; only pure math functions are allowed")
    }

    @Test func breakAndGoto() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++) {\n    if (i > 2) break;\n  }"), line: 5, column: 16,
            "'break' is not supported in a kernel region; loops must run over their whole affine range")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++) {\n    goto done;\n  }\n  done: ;"), line: 5, column: 5,
            "'goto' is not supported in a kernel region")
    }

    @Test func writeThroughAlias() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    p[i] = 1.0;", declarations: "\n  double *p = B;"), line: 6, column: 5,
            "writing through 'p', an alias of 'B', is not supported")
    }

    @Test func unsupportedTypes() {
        Self.expectError(
            "struct foo { int a; };\nvoid k(int n, struct foo s) {\n#pragma scop\n#pragma endscop\n}", line: 2, column: 15,
            "unsupported type 'struct foo'; kernel parameters must be int, long, float or double")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++) {\n    char c = 1;\n  }"), line: 5, column: 5, "unsupported type 'char'")
    }

    @Test func pointerParameter() {
        Self.expectError(
            "void k(int n, double *A) {\n#pragma scop\n  A[0] = 1;\n#pragma endscop\n}", line: 1, column: 23,
            "pointer parameters have no shape; declare the array with its dimensions, e.g. double A[n]")
    }

    @Test func writingAnIntegerParameterOrIterator() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    n = 3;"), line: 5, column: 5,
            "integer parameter 'n' is written in the kernel region; parameters that define bounds and sizes must stay constant")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    i += 2;"), line: 5, column: 5, "loop iterator 'i' is modified in the loop body")
    }

    @Test func otherRejectedConstructs() {
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    B[i] = B[n / m];"), line: 5, column: 18,
            "division by the non-constant 'm' in subscript 'n / m' is not supported; the divisor must be a positive constant")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    B[i] = (x = 2);"), line: 5, column: 12,
            "assignment inside an expression is not supported; write it as a separate statement")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    if (B[i] > 0) B[i] = 0;"), line: 5, column: 9,
            "condition depends on array data ('B[i]'); only affine conditions on loop iterators and integer parameters are supported")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    B[i] = A[i];"), line: 5, column: 12,
            "array 'A' has 2 dimensions but is accessed with 1 subscript")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    B[i] = y;"), line: 5, column: 12, "use of undeclared identifier 'y'")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i *= 2)\n    B[i] = 0;"), line: 4, column: 22,
            "the loop increment must be i++, i--, i += c or i -= c with a constant c")
        Self.expectError(
            Self.kernel("  for (i = 0; i > n; i++)\n    B[i] = 0;"), line: 4, column: 15,
            "the loop condition 'i > n' does not bound the increasing iterator 'i'")
        Self.expectError(
            Self.kernel("  for (i = 0; i < n; i++)\n    B[i] = x << 2;"), line: 5, column: 12, "bitwise operator '<<' is not supported")
    }

    @Test func kernelSelection() {
        let none = frontEndError("void f(int n) { }")
        #expect(none?.line == 0)
        #expect(none?.reason.contains("--kernel NAME") == true)
        let two = frontEndError("void f(void) {\n#pragma scop\n#pragma endscop\n}\nvoid g(void) {\n#pragma scop\n#pragma endscop\n}")
        #expect(two?.line == 6)
        #expect(two?.reason == "several functions contain '#pragma scop' ('f', 'g'); choose one with --kernel NAME")
        let missing = frontEndError("void f(void) { }", kernel: "g")
        #expect(missing?.reason == "no function named 'g' is defined (functions defined: f)")
        let unclosed = frontEndError("void f(int n, double A[n]) {\n#pragma scop\n  A[0] = 1;\n}")
        #expect(unclosed?.line == 2)
        #expect(unclosed?.reason == "'#pragma scop' has no matching '#pragma endscop' in the same block")
    }

    @Test func descriptionHasSourceLineAndCaret() throws {
        let e = try #require(frontEndError(Self.kernel("  for (i = 0; i < n; i++)\n\tB[i*i] = 0;")))
        #expect(e.description == """
            kernel.c:5:4: error: subscript 'i*i' is not affine in the loop iterators and parameters
            \tB[i*i] = 0;
            \t  ^
            """)
        #expect(FrontEndError(file: "a.c", line: 0, column: 0, reason: "no such file").description == "a.c: error: no such file")
    }
}
