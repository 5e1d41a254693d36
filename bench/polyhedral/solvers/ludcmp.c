/*
 * ludcmp - solve A x = b by LU decomposition (Doolittle, no pivoting,
 * in place) followed by forward substitution L y = b and back
 * substitution U x = y.
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

/* Strictly diagonally dominant by rows, so no pivoting is needed. */
static void init_array(int n, DATA_TYPE A[N][N], DATA_TYPE b[N],
                       DATA_TYPE x[N], DATA_TYPE y[N])
{
    int i, j;

    for (i = 0; i < n; i++) {
        b[i] = 1.0 + (DATA_TYPE)(i % 13) / 4;
        x[i] = 0.0;
        y[i] = 0.0;
        for (j = 0; j < n; j++)
            A[i][j] = (DATA_TYPE)((3 * i + j * (i + 1) + 1) % n) / n - 0.5;
        A[i][i] = (DATA_TYPE)(n + 2);
    }
}

static void kernel_ludcmp(int n, DATA_TYPE A[N][N], DATA_TYPE b[N],
                          DATA_TYPE x[N], DATA_TYPE y[N])
{
    int i, j, k;
    DATA_TYPE w;

#pragma scop
    for (i = 0; i < n; i++) {
        for (j = 0; j < i; j++) {
            w = A[i][j];
            for (k = 0; k < j; k++)
                w -= A[i][k] * A[k][j];
            A[i][j] = w / A[j][j];
        }
        for (j = i; j < n; j++) {
            w = A[i][j];
            for (k = 0; k < i; k++)
                w -= A[i][k] * A[k][j];
            A[i][j] = w;
        }
    }
    for (i = 0; i < n; i++) {
        w = b[i];
        for (j = 0; j < i; j++)
            w -= A[i][j] * y[j];
        y[i] = w;
    }
    for (i = n - 1; i >= 0; i--) {
        w = y[i];
        for (j = i + 1; j < n; j++)
            w -= A[i][j] * x[j];
        x[i] = w / A[i][i];
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE *b = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *x = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *y = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(n, A, b, x, y);

    t0 = bench_now();
    kernel_ludcmp(n, A, b, x, y);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("x", x, (size_t)N);

    free(A);
    free(b);
    free(x);
    free(y);
    return 0;
}
