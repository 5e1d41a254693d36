/*
 * bicg - the two matrix-vector products of a BiCG iteration.
 *
 *   s := A^T * r      (A is N x M)
 *   q := A * p
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

static void init_array(int m, int n, DATA_TYPE A[N][M], DATA_TYPE r[N],
                       DATA_TYPE p[M])
{
    int i, j;

    for (j = 0; j < m; j++)
        p[j] = (DATA_TYPE)(j % 7) / 7;
    for (i = 0; i < n; i++) {
        r[i] = (DATA_TYPE)(i % 11) / 11;
        for (j = 0; j < m; j++)
            A[i][j] = (DATA_TYPE)((i * (j + 1) + 2) % n) / n;
    }
}

static void kernel_bicg(int m, int n, DATA_TYPE A[N][M], DATA_TYPE s[M],
                        DATA_TYPE q[N], DATA_TYPE p[M], DATA_TYPE r[N])
{
    int i, j;

#pragma scop
    for (j = 0; j < m; j++) {
        s[j] = 0.0;
        for (i = 0; i < n; i++)
            s[j] += r[i] * A[i][j];
    }
    for (i = 0; i < n; i++) {
        q[i] = 0.0;
        for (j = 0; j < m; j++)
            q[i] += A[i][j] * p[j];
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE (*A)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[N][M]));
    DATA_TYPE *s = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[M]));
    DATA_TYPE *q = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *p = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[M]));
    DATA_TYPE *r = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(m, n, A, r, p);

    t0 = bench_now();
    kernel_bicg(m, n, A, s, q, p, r);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("s", s, (size_t)M);
        bench_dump("q", q, (size_t)N);
    }

    free(A);
    free(s);
    free(q);
    free(p);
    free(r);
    return 0;
}
