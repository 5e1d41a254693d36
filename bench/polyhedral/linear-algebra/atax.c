/*
 * atax - matrix transpose times matrix-vector product.
 *
 *   tmp := A * x       (A is M x N)
 *   y   := A^T * tmp
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef M
# if defined(MINI_DATASET)
#  define M 38
# elif defined(SMALL_DATASET)
#  define M 116
# elif defined(LARGE_DATASET)
#  define M 1900
# elif defined(EXTRALARGE_DATASET)
#  define M 1800
# else
#  define M 390
# endif
#endif
#ifndef N
# if defined(MINI_DATASET)
#  define N 42
# elif defined(SMALL_DATASET)
#  define N 124
# elif defined(LARGE_DATASET)
#  define N 2100
# elif defined(EXTRALARGE_DATASET)
#  define N 2200
# else
#  define N 410
# endif
#endif

static void init_array(int m, int n, DATA_TYPE A[M][N], DATA_TYPE x[N])
{
    int i, j;

    for (j = 0; j < n; j++)
        x[j] = 1.0 + (DATA_TYPE)j / n;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            A[i][j] = (DATA_TYPE)((i + 3 * j + 1) % n) / (5 * m);
}

static void kernel_atax(int m, int n, DATA_TYPE A[M][N], DATA_TYPE x[N],
                        DATA_TYPE y[N], DATA_TYPE tmp[M])
{
    int i, j;

#pragma scop
    for (i = 0; i < m; i++) {
        tmp[i] = 0.0;
        for (j = 0; j < n; j++)
            tmp[i] += A[i][j] * x[j];
    }
    for (j = 0; j < n; j++) {
        y[j] = 0.0;
        for (i = 0; i < m; i++)
            y[j] += A[i][j] * tmp[i];
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[M][N]));
    DATA_TYPE *x = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *y = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *tmp = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[M]));
    double t0;

    init_array(m, n, A, x);

    t0 = bench_now();
    kernel_atax(m, n, A, x, y, tmp);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("y", y, (size_t)N);

    free(A);
    free(x);
    free(y);
    free(tmp);
    return 0;
}
