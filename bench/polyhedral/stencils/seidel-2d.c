/*
 * seidel-2d - Gauss-Seidel relaxation with a 9-point stencil, in place:
 * each interior point becomes the average of its 3 x 3 neighbourhood,
 * using the values already updated in the current sweep.
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

static void init_array(int n, DATA_TYPE A[N][N])
{
    int i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            A[i][j] = (DATA_TYPE)((i * (j + 2) + 3) % n) / n;
}

static void kernel_seidel_2d(int tsteps, int n, DATA_TYPE A[N][N])
{
    int t, i, j;

#pragma scop
    for (t = 0; t < tsteps; t++)
        for (i = 1; i < n - 1; i++)
            for (j = 1; j < n - 1; j++)
                A[i][j] = (A[i - 1][j - 1] + A[i - 1][j] + A[i - 1][j + 1]
                           + A[i][j - 1] + A[i][j] + A[i][j + 1]
                           + A[i + 1][j - 1] + A[i + 1][j] + A[i + 1][j + 1])
                          / 9.0;
#pragma endscop
}

int main(int argc, char **argv)
{
    int tsteps = TSTEPS, n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    double t0;

    init_array(n, A);

    t0 = bench_now();
    kernel_seidel_2d(tsteps, n, A);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("A", &A[0][0], (size_t)N * N);

    free(A);
    return 0;
}
