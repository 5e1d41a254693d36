/*
 * jacobi-2d - 5-point Jacobi relaxation on a 2-D grid.  Each time step
 * sweeps A into B and then B back into A; the border is fixed.
 *
 *   B[i][j] = (A[i][j] + A[i][j-1] + A[i][j+1] + A[i-1][j] + A[i+1][j]) / 5
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
#  define N 30
# elif defined(SMALL_DATASET)
#  define N 90
# elif defined(LARGE_DATASET)
#  define N 1300
# elif defined(EXTRALARGE_DATASET)
#  define N 2800
# else
#  define N 250
# endif
#endif

static void init_array(int n, DATA_TYPE A[N][N], DATA_TYPE B[N][N])
{
    int i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            A[i][j] = (DATA_TYPE)((i * (j + 2) + 1) % n) / n;
            B[i][j] = (DATA_TYPE)((i * (j + 3) + 2) % n) / n;
        }
}

static void kernel_jacobi_2d(int tsteps, int n, DATA_TYPE A[N][N],
                             DATA_TYPE B[N][N])
{
    int t, i, j;

#pragma scop
    for (t = 0; t < tsteps; t++) {
        for (i = 1; i < n - 1; i++)
            for (j = 1; j < n - 1; j++)
                B[i][j] = 0.2 * (A[i][j] + A[i][j - 1] + A[i][j + 1]
                                 + A[i - 1][j] + A[i + 1][j]);
        for (i = 1; i < n - 1; i++)
            for (j = 1; j < n - 1; j++)
                A[i][j] = 0.2 * (B[i][j] + B[i][j - 1] + B[i][j + 1]
                                 + B[i - 1][j] + B[i + 1][j]);
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int tsteps = TSTEPS, n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE (*B)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    double t0;

    init_array(n, A, B);

    t0 = bench_now();
    kernel_jacobi_2d(tsteps, n, A, B);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("A", &A[0][0], (size_t)N * N);
        bench_dump("B", &B[0][0], (size_t)N * N);
    }

    free(A);
    free(B);
    return 0;
}
