/*
 * jacobi-1d - 3-point Jacobi relaxation on a 1-D grid.  Each time step
 * sweeps A into B and then B back into A; the end points are fixed.
 *
 *   B[i] = (A[i-1] + A[i] + A[i+1]) / 3
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
#  define N 120
# elif defined(LARGE_DATASET)
#  define N 2000
# elif defined(EXTRALARGE_DATASET)
#  define N 4000
# else
#  define N 400
# endif
#endif

static void init_array(int n, DATA_TYPE A[N], DATA_TYPE B[N])
{
    int i;

    for (i = 0; i < n; i++) {
        A[i] = (DATA_TYPE)((7 * i + 2) % n) / n;
        B[i] = (DATA_TYPE)((3 * i + 5) % n) / n;
    }
}

static void kernel_jacobi_1d(int tsteps, int n, DATA_TYPE A[N], DATA_TYPE B[N])
{
    int t, i;

#pragma scop
    for (t = 0; t < tsteps; t++) {
        for (i = 1; i < n - 1; i++)
            B[i] = (A[i - 1] + A[i] + A[i + 1]) / 3.0;
        for (i = 1; i < n - 1; i++)
            A[i] = (B[i - 1] + B[i] + B[i + 1]) / 3.0;
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int tsteps = TSTEPS, n = N;
    DATA_TYPE *A = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *B = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(n, A, B);

    t0 = bench_now();
    kernel_jacobi_1d(tsteps, n, A, B);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("A", A, (size_t)N);
        bench_dump("B", B, (size_t)N);
    }

    free(A);
    free(B);
    return 0;
}
