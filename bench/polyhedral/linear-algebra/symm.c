/*
 * symm - symmetric matrix times general matrix.
 *
 *   C := alpha * A * B + beta * C
 *   A is a symmetric M x M matrix of which only the lower triangle
 *   (k <= i) is stored; B and C are M x N.  Entries above the diagonal
 *   are read through symmetry: A(i,k) = A[k][i] for k > i.
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
                       DATA_TYPE C[M][N], DATA_TYPE A[M][M],
                       DATA_TYPE B[M][N])
{
    int i, j;

    *alpha = 1.5;
    *beta = 1.2;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            C[i][j] = (DATA_TYPE)((i + 2 * j) % 100) / m;
            B[i][j] = (DATA_TYPE)((n + i - j + 3) % 100) / m;
        }
    for (i = 0; i < m; i++)
        for (j = 0; j < m; j++)
            /* the unused upper triangle holds a sentinel that would
             * spoil the result if the kernel ever read it */
            A[i][j] = j <= i ? (DATA_TYPE)((i + j + 1) % 100) / m : -999.0;
}

static void kernel_symm(int m, int n, DATA_TYPE alpha, DATA_TYPE beta,
                        DATA_TYPE C[M][N], DATA_TYPE A[M][M],
                        DATA_TYPE B[M][N])
{
    int i, j, k;
    DATA_TYPE acc;

#pragma scop
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            acc = A[i][i] * B[i][j];
            for (k = 0; k < i; k++)
                acc += A[i][k] * B[k][j];
            for (k = i + 1; k < m; k++)
                acc += A[k][i] * B[k][j];
            C[i][j] = beta * C[i][j] + alpha * acc;
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE alpha, beta;
    DATA_TYPE (*C)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[M][N]));
    DATA_TYPE (*A)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[M][M]));
    DATA_TYPE (*B)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[M][N]));
    double t0;

    init_array(m, n, &alpha, &beta, C, A, B);

    t0 = bench_now();
    kernel_symm(m, n, alpha, beta, C, A, B);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("C", &C[0][0], (size_t)M * N);

    free(C);
    free(A);
    free(B);
    return 0;
}
