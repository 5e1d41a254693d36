/*
 * heat-3d - explicit finite-difference time stepping of the 3-D heat
 * equation (7-point stencil).  Each time step computes B from A and
 * then A from B; the boundary faces are fixed.
 *
 *   B = A + c * (d2A/di2 + d2A/dj2 + d2A/dk2),  c = 1/8
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef TSTEPS
# if defined(MINI_DATASET)
#  define TSTEPS 20
# elif defined(SMALL_DATASET)
#  define TSTEPS 40
# elif defined(LARGE_DATASET)
#  define TSTEPS 500
# elif defined(EXTRALARGE_DATASET)
#  define TSTEPS 1000
# else
#  define TSTEPS 100
# endif
#endif
#ifndef N
# if defined(MINI_DATASET)
#  define N 10
# elif defined(SMALL_DATASET)
#  define N 20
# elif defined(LARGE_DATASET)
#  define N 120
# elif defined(EXTRALARGE_DATASET)
#  define N 200
# else
#  define N 40
# endif
#endif

static void init_array(int n, DATA_TYPE A[N][N][N], DATA_TYPE B[N][N][N])
{
    int i, j, k;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            for (k = 0; k < n; k++) {
                A[i][j][k] = (DATA_TYPE)((i + j + (n - k)) * 10) / n;
                B[i][j][k] = A[i][j][k];
            }
}

static void kernel_heat_3d(int tsteps, int n, DATA_TYPE A[N][N][N],
                           DATA_TYPE B[N][N][N])
{
    int t, i, j, k;

#pragma scop
    for (t = 0; t < tsteps; t++) {
        for (i = 1; i < n - 1; i++)
            for (j = 1; j < n - 1; j++)
                for (k = 1; k < n - 1; k++)
                    B[i][j][k] = A[i][j][k]
                        + 0.125 * (A[i + 1][j][k] - 2.0 * A[i][j][k] + A[i - 1][j][k])
                        + 0.125 * (A[i][j + 1][k] - 2.0 * A[i][j][k] + A[i][j - 1][k])
                        + 0.125 * (A[i][j][k + 1] - 2.0 * A[i][j][k] + A[i][j][k - 1]);
        for (i = 1; i < n - 1; i++)
            for (j = 1; j < n - 1; j++)
                for (k = 1; k < n - 1; k++)
                    A[i][j][k] = B[i][j][k]
                        + 0.125 * (B[i + 1][j][k] - 2.0 * B[i][j][k] + B[i - 1][j][k])
                        + 0.125 * (B[i][j + 1][k] - 2.0 * B[i][j][k] + B[i][j - 1][k])
                        + 0.125 * (B[i][j][k + 1] - 2.0 * B[i][j][k] + B[i][j][k - 1]);
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int tsteps = TSTEPS, n = N;
    DATA_TYPE (*A)[N][N] = (DATA_TYPE (*)[N][N])bench_alloc(sizeof(DATA_TYPE[N][N][N]));
    DATA_TYPE (*B)[N][N] = (DATA_TYPE (*)[N][N])bench_alloc(sizeof(DATA_TYPE[N][N][N]));
    double t0;

    init_array(n, A, B);

    t0 = bench_now();
    kernel_heat_3d(tsteps, n, A, B);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("A", &A[0][0][0], (size_t)N * N * N);

    free(A);
    free(B);
    return 0;
}
