/*
 * trmm - triangular matrix times general matrix, in place.
 *
 *   B := alpha * A^T * B
 *   A is M x M unit lower triangular (diagonal taken as 1, only k > i
 *   entries of column i are read), B is M x N.  Row i of the result only
 *   needs rows k > i of the old B, so rows are overwritten top to bottom.
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

static void init_array(int m, int n, DATA_TYPE *alpha, DATA_TYPE A[M][M],
                       DATA_TYPE B[M][N])
{
    int i, j;

    *alpha = 1.5;
    for (i = 0; i < m; i++) {
        for (j = 0; j < m; j++)
            A[i][j] = j < i ? (DATA_TYPE)((i * j + 1) % m) / (2 * m)
                            : (j == i ? 1.0 : 0.0);
        for (j = 0; j < n; j++)
            B[i][j] = (DATA_TYPE)((n + i - j) % n) / n;
    }
}

static void kernel_trmm(int m, int n, DATA_TYPE alpha, DATA_TYPE A[M][M],
                        DATA_TYPE B[M][N])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            for (k = i + 1; k < m; k++)
                B[i][j] += A[k][i] * B[k][j];
            B[i][j] = alpha * B[i][j];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE alpha;
    DATA_TYPE (*A)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[M][M]));
    DATA_TYPE (*B)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[M][N]));
    double t0;

    init_array(m, n, &alpha, A, B);

    t0 = bench_now();
    kernel_trmm(m, n, alpha, A, B);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("B", &B[0][0], (size_t)M * N);

    free(A);
    free(B);
    return 0;
}
