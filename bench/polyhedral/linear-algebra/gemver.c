/*
 * gemver - rank-2 update followed by two matrix-vector products.
 *
 *   A := A + u1 * v1^T + u2 * v2^T
 *   x := x + beta * A^T * y + z
 *   w := w + alpha * A * x
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

static void init_array(int n, DATA_TYPE *alpha, DATA_TYPE *beta,
                       DATA_TYPE A[N][N], DATA_TYPE u1[N], DATA_TYPE v1[N],
                       DATA_TYPE u2[N], DATA_TYPE v2[N], DATA_TYPE w[N],
                       DATA_TYPE x[N], DATA_TYPE y[N], DATA_TYPE z[N])
{
    int i, j;

    *alpha = 1.5;
    *beta = 1.2;
    for (i = 0; i < n; i++) {
        u1[i] = (DATA_TYPE)i / n;
        u2[i] = (DATA_TYPE)(i + 1) / (2 * n);
        v1[i] = (DATA_TYPE)(i + 1) / (4 * n);
        v2[i] = (DATA_TYPE)(i + 1) / (6 * n);
        y[i] = (DATA_TYPE)(i + 1) / (8 * n);
        z[i] = (DATA_TYPE)(i + 1) / (9 * n);
        x[i] = 0.0;
        w[i] = 0.0;
        for (j = 0; j < n; j++)
            A[i][j] = (DATA_TYPE)((i * j + 1) % n) / n;
    }
}

static void kernel_gemver(int n, DATA_TYPE alpha, DATA_TYPE beta,
                          DATA_TYPE A[N][N], DATA_TYPE u1[N], DATA_TYPE v1[N],
                          DATA_TYPE u2[N], DATA_TYPE v2[N], DATA_TYPE w[N],
                          DATA_TYPE x[N], DATA_TYPE y[N], DATA_TYPE z[N])
{
    int i, j;

#pragma scop
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            A[i][j] += u1[i] * v1[j] + u2[i] * v2[j];
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            x[i] += beta * A[j][i] * y[j];
    for (i = 0; i < n; i++)
        x[i] += z[i];
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            w[i] += alpha * A[i][j] * x[j];
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE alpha, beta;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE *u1 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *v1 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *u2 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *v2 = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *w = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *x = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *y = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *z = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(n, &alpha, &beta, A, u1, v1, u2, v2, w, x, y, z);

    t0 = bench_now();
    kernel_gemver(n, alpha, beta, A, u1, v1, u2, v2, w, x, y, z);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("A", &A[0][0], (size_t)N * N);
        bench_dump("x", x, (size_t)N);
        bench_dump("w", w, (size_t)N);
    }

    free(A);
    free(u1);
    free(v1);
    free(u2);
    free(v2);
    free(w);
    free(x);
    free(y);
    free(z);
    return 0;
}
