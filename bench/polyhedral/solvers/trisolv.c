/*
 * trisolv - forward substitution for a lower triangular system L x = b:
 *
 *   x[i] = (b[i] - sum_{j<i} L[i][j] x[j]) / L[i][i]
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

/* Lower triangular; off-diagonal entries lie in [0, 0.5) and the
 * diagonal is n/2 + 1, so every row is strictly diagonally dominant
 * and the substitution cannot blow up. */
static void init_array(int n, DATA_TYPE L[N][N], DATA_TYPE x[N],
                       DATA_TYPE b[N])
{
    int i, j;

    for (i = 0; i < n; i++) {
        x[i] = 0.0;
        b[i] = (DATA_TYPE)(i % 17) / 4 - 1.0;
        for (j = 0; j < n; j++)
            L[i][j] = j < i ? (DATA_TYPE)((i + n - j + 1) % n) / (2 * n) : 0.0;
        L[i][i] = (DATA_TYPE)(n / 2 + 1);
    }
}

static void kernel_trisolv(int n, DATA_TYPE L[N][N], DATA_TYPE x[N],
                           DATA_TYPE b[N])
{
    int i, j;

#pragma scop
    for (i = 0; i < n; i++) {
        x[i] = b[i];
        for (j = 0; j < i; j++)
            x[i] -= L[i][j] * x[j];
        x[i] = x[i] / L[i][i];
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE (*L)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE *x = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *b = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(n, L, x, b);

    t0 = bench_now();
    kernel_trisolv(n, L, x, b);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("x", x, (size_t)N);

    free(L);
    free(x);
    free(b);
    return 0;
}
