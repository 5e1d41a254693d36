/*
 * gramschmidt - QR decomposition by modified Gram-Schmidt.
 *
 *   A (M x N) is orthogonalised column by column: column k is normalised
 *   into Q[:,k] (its norm is R[k][k]), then its component R[k][j] is
 *   removed from every later column j > k of A.  On exit A holds the
 *   residual columns, Q the orthonormal basis and R the upper triangular
 *   factor.
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef M
# if defined(MINI_DATASET)
#  define M 20
# elif defined(SMALL_DATASET)
#  define M 60
# elif defined(LARGE_DATASET)
#  define M 1000
# elif defined(EXTRALARGE_DATASET)
#  define M 2000
# else
#  define M 200
# endif
#endif
#ifndef N
# if defined(MINI_DATASET)
#  define N 30
# elif defined(SMALL_DATASET)
#  define N 80
# elif defined(LARGE_DATASET)
#  define N 1200
# elif defined(EXTRALARGE_DATASET)
#  define N 2600
# else
#  define N 240
# endif
#endif

/* Note: the standard datasets have M < N, so columns k >= M are
 * (numerically) linearly dependent on the earlier ones; the first
 * columns are made dominant on their "own" row to keep the leading
 * min(M, N) steps well conditioned. */
static void init_array(int m, int n, DATA_TYPE A[M][N], DATA_TYPE R[N][N],
                       DATA_TYPE Q[M][N])
{
    int i, j;

    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            A[i][j] = (DATA_TYPE)((i * (j + 1) + 3 * j + 1) % m) / m
                      + (i == j % m ? 2.0 : 0.0);
            Q[i][j] = 0.0;
        }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            R[i][j] = 0.0;
}

static void kernel_gramschmidt(int m, int n, DATA_TYPE A[M][N],
                               DATA_TYPE R[N][N], DATA_TYPE Q[M][N])
{
    int i, j, k;
    DATA_TYPE nrm;

#pragma scop
    for (k = 0; k < n; k++) {
        nrm = 0.0;
        for (i = 0; i < m; i++)
            nrm += A[i][k] * A[i][k];
        R[k][k] = sqrt(nrm);
        for (i = 0; i < m; i++)
            Q[i][k] = A[i][k] / R[k][k];
        for (j = k + 1; j < n; j++) {
            R[k][j] = 0.0;
            for (i = 0; i < m; i++)
                R[k][j] += Q[i][k] * A[i][j];
            for (i = 0; i < m; i++)
                A[i][j] -= Q[i][k] * R[k][j];
        }
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[M][N]));
    DATA_TYPE (*R)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE (*Q)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[M][N]));
    double t0;

    init_array(m, n, A, R, Q);

    t0 = bench_now();
    kernel_gramschmidt(m, n, A, R, Q);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("A", &A[0][0], (size_t)M * N);
        bench_dump("R", &R[0][0], (size_t)N * N);
        bench_dump("Q", &Q[0][0], (size_t)M * N);
    }

    free(A);
    free(R);
    free(Q);
    return 0;
}
