/*
 * mvt - a matrix-vector product and a transposed matrix-vector product.
 *
 *   x1 := x1 + A * y1
 *   x2 := x2 + A^T * y2
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

static void init_array(int n, DATA_TYPE x1[N], DATA_TYPE x2[N],
                       DATA_TYPE y1[N], DATA_TYPE y2[N], DATA_TYPE A[N][N])
{
    int i, j;

    for (i = 0; i < n; i++) {
        x1[i] = (DATA_TYPE)(i % 5) / 5;
        x2[i] = (DATA_TYPE)((i + 2) % 9) / 9;
        y1[i] = (DATA_TYPE)((3 * i + 1) % n) / n;
        y2[i] = (DATA_TYPE)((5 * i + 4) % n) / n;
        for (j = 0; j < n; j++)
            A[i][j] = (DATA_TYPE)((i * j + 7) % n) / n;
    }
}

static void kernel_mvt(int n, DATA_TYPE x1[N], DATA_TYPE x2[N],
                       DATA_TYPE y1[N], DATA_TYPE y2[N], DATA_TYPE A[N][N])
{
    int i, j;

#pragma scop
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            x1[i] += A[i][j] * y1[j];
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            x2[i] += A[j][i] * y2[j];
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE *x1 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *x2 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *y1 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *y2 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(n, x1, x2, y1, y2, A);

    t0 = bench_now();
    kernel_mvt(n, x1, x2, y1, y2, A);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("x1", x1, (size_t)N);
        bench_dump("x2", x2, (size_t)N);
    }

    free(A);
    free(x1);
    free(x2);
    free(y1);
    free(y2);
    return 0;
}
