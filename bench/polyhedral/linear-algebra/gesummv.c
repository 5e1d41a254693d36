/*
 * gesummv - sum of two scaled matrix-vector products.
 *
 *   y := alpha * A * x + beta * B * x
 */
#include "bench.h"

/* Problem size (PolyBench 4.2 datasets); may be set with -DN=... */
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

static void init_array(int n, DATA_TYPE *alpha, DATA_TYPE *beta,
                       DATA_TYPE A[N][N], DATA_TYPE B[N][N], DATA_TYPE x[N])
{
    int i, j;

    *alpha = 1.5;
    *beta = 1.2;
    for (i = 0; i < n; i++) {
        x[i] = (DATA_TYPE)(i % n) / n;
        for (j = 0; j < n; j++) {
            A[i][j] = (DATA_TYPE)((i * j + 1) % n) / n;
            B[i][j] = (DATA_TYPE)((i * j + 2) % n) / n;
        }
    }
}

static void kernel_gesummv(int n, DATA_TYPE alpha, DATA_TYPE beta,
                           DATA_TYPE A[N][N], DATA_TYPE B[N][N],
                           DATA_TYPE tmp[N], DATA_TYPE x[N], DATA_TYPE y[N])
{
    int i, j;

#pragma scop
    for (i = 0; i < n; i++) {
        tmp[i] = 0.0;
        y[i] = 0.0;
        for (j = 0; j < n; j++) {
            tmp[i] += A[i][j] * x[j];
            y[i] += B[i][j] * x[j];
        }
        y[i] = alpha * tmp[i] + beta * y[i];
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE alpha, beta;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE (*B)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE *tmp = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *x = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *y = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(n, &alpha, &beta, A, B, x);

    t0 = bench_now();
    kernel_gesummv(n, alpha, beta, A, B, tmp, x, y);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("y", y, (size_t)N);

    free(A);
    free(B);
    free(tmp);
    free(x);
    free(y);
    return 0;
}
