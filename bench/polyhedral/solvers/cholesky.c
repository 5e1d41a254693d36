/*
 * cholesky - Cholesky factorisation A = L * L^T of a symmetric positive
 * definite matrix, computed in place row by row (Cholesky-Banachiewicz):
 *
 *   L[i][j] = (A[i][j] - sum_{k<j} L[i][k] L[j][k]) / L[j][j]   (j < i)
 *   L[i][i] = sqrt(A[i][i] - sum_{k<i} L[i][k]^2)
 *
 * Only the lower triangle (j <= i) of A is read and overwritten.
 */
#include "bench.h"

/* Problem size (PolyBench 4.2 datasets); may be set with -DN=... */
#ifndef N
# if defined(MINI_DATASET)
#  define N 40
# elif defined(SMALL_DATASET)
#  define N 120
# elif defined(LARGE_DATASET)
#  define N 2000
# elif defined(EXTRALARGE_DATASET)
#  define N 4000
# else
#  define N 400
# endif
#endif

/* Symmetric, strictly diagonally dominant with a positive diagonal,
 * hence positive definite: off-diagonal entries lie in [0, 1) and the
 * diagonal is n + 1. */
static void init_array(int n, DATA_TYPE A[N][N])
{
    int i, j;

    for (i = 0; i < n; i++) {
        for (j = 0; j < i; j++) {
            A[i][j] = (DATA_TYPE)((i * j + i + j + 1) % n) / n;
            A[j][i] = A[i][j];
        }
        A[i][i] = (DATA_TYPE)(n + 1);
    }
}

static void kernel_cholesky(int n, DATA_TYPE A[N][N])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < n; i++) {
        for (j = 0; j < i; j++) {
            for (k = 0; k < j; k++)
                A[i][j] -= A[i][k] * A[j][k];
            A[i][j] /= A[j][j];
        }
        for (k = 0; k < i; k++)
            A[i][i] -= A[i][k] * A[i][k];
        A[i][i] = sqrt(A[i][i]);
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    double t0;

    init_array(n, A);

    t0 = bench_now();
    kernel_cholesky(n, A);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("A", &A[0][0], (size_t)N * N);

    free(A);
    return 0;
}
