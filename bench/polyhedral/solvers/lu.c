/*
 * lu - LU factorisation without pivoting, A = L * U in place
 * (Doolittle: L has a unit diagonal that is not stored).  Row i is
 * finished before row i+1 starts:
 *
 *   L[i][j] = (A[i][j] - sum_{k<j} L[i][k] U[k][j]) / U[j][j]   (j < i)
 *   U[i][j] =  A[i][j] - sum_{k<i} L[i][k] U[k][j]              (j >= i)
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
static void init_array(int n, DATA_TYPE A[N][N])
{
    int i, j;

    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++)
            A[i][j] = (DATA_TYPE)((i * (j + 3) + 2 * j + 1) % n) / n - 0.5;
        A[i][i] = (DATA_TYPE)(n + 2);
    }
}

static void kernel_lu(int n, DATA_TYPE A[N][N])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < n; i++) {
        for (j = 0; j < i; j++) {
            for (k = 0; k < j; k++)
                A[i][j] -= A[i][k] * A[k][j];
            A[i][j] /= A[j][j];
        }
        for (j = i; j < n; j++)
            for (k = 0; k < i; k++)
                A[i][j] -= A[i][k] * A[k][j];
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE (*A)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    double t0;

    init_array(n, A);

    t0 = bench_now();
    kernel_lu(n, A);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("A", &A[0][0], (size_t)N * N);

    free(A);
    return 0;
}
