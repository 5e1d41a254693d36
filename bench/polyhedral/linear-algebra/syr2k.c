/*
 * syr2k - symmetric rank-2k update (lower triangle).
 *
 *   C := alpha * A * B^T + alpha * B * A^T + beta * C
 *   C is N x N (only j <= i is computed), A and B are N x M.
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef M
# if defined(MINI_DATASET)
#  define M 20
# elif defined(SMALL_DATASET)
#  define M 60
# elif defined(LARGE_DATASET)
#  define M 1000
# elif defined(EXTRALARGE_DATASET)
#  define M 2000
# else
#  define M 200
# endif
#endif
#ifndef N
# if defined(MINI_DATASET)
#  define N 30
# elif defined(SMALL_DATASET)
#  define N 80
# elif defined(LARGE_DATASET)
#  define N 1200
# elif defined(EXTRALARGE_DATASET)
#  define N 2600
# else
#  define N 240
# endif
#endif

static void init_array(int m, int n, DATA_TYPE *alpha, DATA_TYPE *beta,
                       DATA_TYPE C[N][N], DATA_TYPE A[N][M],
                       DATA_TYPE B[N][M])
{
    int i, j;

    *alpha = 1.5;
    *beta = 1.2;
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++) {
            A[i][j] = (DATA_TYPE)((i * j + 1) % n) / n;
            B[i][j] = (DATA_TYPE)((i * j + 2) % m) / m;
        }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            C[i][j] = (DATA_TYPE)((i * j + 3) % n) / m;
}

static void kernel_syr2k(int m, int n, DATA_TYPE alpha, DATA_TYPE beta,
                         DATA_TYPE C[N][N], DATA_TYPE A[N][M],
                         DATA_TYPE B[N][M])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < n; i++)
        for (j = 0; j <= i; j++) {
            C[i][j] *= beta;
            for (k = 0; k < m; k++)
                C[i][j] += alpha * A[i][k] * B[j][k]
                         + alpha * B[i][k] * A[j][k];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE alpha, beta;
    DATA_TYPE (*C)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE (*A)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[N][M]));
    DATA_TYPE (*B)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[N][M]));
    double t0;

    init_array(m, n, &alpha, &beta, C, A, B);

    t0 = bench_now();
    kernel_syr2k(m, n, alpha, beta, C, A, B);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("C", &C[0][0], (size_t)N * N);

    free(C);
    free(A);
    free(B);
    return 0;
}
