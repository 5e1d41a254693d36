import Polyhedral

/// Small programs in the front end's input format, shared by the tests.
enum Fixtures {
    /// `C[i][j] = 0; for k: C[i][j] += A[i][k] * B[k][j]`.
    static let gemm = PolyhedralInput(
        context: "[n] -> { : n >= 1 }",
        statements: [
            PolyhedralStatement(name: "S0",
                                domain: "[n] -> { S0[i, j] : 0 <= i < n and 0 <= j < n }",
                                reads: [],
                                writes: ["{ S0[i, j] -> C[i, j] }"]),
            PolyhedralStatement(name: "S1",
                                domain: "[n] -> { S1[i, j, k] : 0 <= i < n and 0 <= j < n and 0 <= k < n }",
                                reads: ["{ S1[i, j, k] -> C[i, j] }", "{ S1[i, j, k] -> A[i, k] }",
                                        "{ S1[i, j, k] -> B[k, j] }"],
                                writes: ["{ S1[i, j, k] -> C[i, j] }"]),
        ],
        originalSchedule: "[n] -> { S0[i, j] -> [i, j, 0, 0]; S1[i, j, k] -> [i, j, 1, k] }")

    /// In-place `A[i] = A[i - 1] + A[i + 1]`.
    static let stencil = PolyhedralInput(
        context: "[n] -> { : n >= 3 }",
        statements: [
            PolyhedralStatement(name: "S0",
                                domain: "[n] -> { S0[i] : 1 <= i < n - 1 }",
                                reads: ["{ S0[i] -> A[i - 1] }", "{ S0[i] -> A[i + 1] }"],
                                writes: ["{ S0[i] -> A[i] }"]),
        ],
        originalSchedule: "{ S0[i] -> [i] }")

    /// Jacobi 1-D: `B[i] = (A[i-1] + A[i] + A[i+1]) / 3; A[i] = B[i]` inside a time loop.
    static let jacobi = PolyhedralInput(
        context: "[T, n] -> { : T >= 1 and n >= 3 }",
        statements: [
            PolyhedralStatement(name: "S0",
                                domain: "[T, n] -> { S0[t, i] : 0 <= t < T and 1 <= i < n - 1 }",
                                reads: ["{ S0[t, i] -> A[i - 1] }", "{ S0[t, i] -> A[i] }", "{ S0[t, i] -> A[i + 1] }"],
                                writes: ["{ S0[t, i] -> B[i] }"]),
            PolyhedralStatement(name: "S1",
                                domain: "[T, n] -> { S1[t, i] : 0 <= t < T and 1 <= i < n - 1 }",
                                reads: ["{ S1[t, i] -> B[i] }"],
                                writes: ["{ S1[t, i] -> A[i] }"]),
        ],
        originalSchedule: "[T, n] -> { S0[t, i] -> [t, 0, i]; S1[t, i] -> [t, 1, i] }")

    /// Triangular `B[i][j] = A[i][j] + A[j][i]` for `j <= i`.
    static let triangular = PolyhedralInput(
        context: "[n] -> { : n >= 0 }",
        statements: [
            PolyhedralStatement(name: "S0",
                                domain: "[n] -> { S0[i, j] : 0 <= i < n and 0 <= j <= i }",
                                reads: ["[n] -> { S0[i, j] -> A[i, j] }", "{ S0[i, j] -> A[j, i] }"],
                                writes: ["{ S0[i, j] -> B[i, j] }"]),
        ],
        originalSchedule: "[n] -> { S0[i, j] -> [i, j] }")

    /// `sum = 0; for i: sum += A[i]` with a zero-dimensional array `sum[]`.
    static let accumulator = PolyhedralInput(
        context: "[n] -> { : n >= 1 }",
        statements: [
            PolyhedralStatement(name: "S0", domain: "{ S0[] }", reads: [], writes: ["{ S0[] -> sum[] }"]),
            PolyhedralStatement(name: "S1",
                                domain: "[n] -> { S1[i] : 0 <= i < n }",
                                reads: ["{ S1[i] -> sum[] }", "{ S1[i] -> A[i] }"],
                                writes: ["{ S1[i] -> sum[] }"]),
        ],
        originalSchedule: "[n] -> { S0[] -> [0, 0]; S1[i] -> [1, i] }")
}
