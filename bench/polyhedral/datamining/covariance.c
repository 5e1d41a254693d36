/*
 * covariance - sample covariance matrix of M variables observed N times
 * (data is N x M, one observation per row).
 *
 *   mean[j]    = (1/N) sum_i data[i][j]
 *   data[i][j] := data[i][j] - mean[j]
 *   cov[a][b]  = (1/(N-1)) sum_i data[i][a] * data[i][b]   (symmetric)
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D.
 * M = number of variables (columns), N = number of observations (rows). */
#ifndef M
# if defined(MINI_DATASET)
#  define M 28
# elif defined(SMALL_DATASET)
#  define M 80
# elif defined(LARGE_DATASET)
#  define M 1200
# elif defined(EXTRALARGE_DATASET)
#  define M 2600
# else
#  define M 240
# endif
#endif
#ifndef N
# if defined(MINI_DATASET)
#  define N 32
# elif defined(SMALL_DATASET)
#  define N 100
# elif defined(LARGE_DATASET)
#  define N 1400
# elif defined(EXTRALARGE_DATASET)
#  define N 3000
# else
#  define N 260
# endif
#endif

static void init_array(int m, int n, DATA_TYPE *float_n, DATA_TYPE data[N][M])
{
    int i, j;

    *float_n = (DATA_TYPE)n;
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++)
            data[i][j] = (DATA_TYPE)((i * (j + 1) + j + 3) % n) / n;
}

static void kernel_covariance(int m, int n, DATA_TYPE float_n,
                              DATA_TYPE data[N][M], DATA_TYPE cov[M][M],
                              DATA_TYPE mean[M])
{
    int i, j, k;

#pragma scop
    for (j = 0; j < m; j++) {
        mean[j] = 0.0;
        for (i = 0; i < n; i++)
            mean[j] += data[i][j];
        mean[j] /= float_n;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++)
            data[i][j] -= mean[j];
    for (i = 0; i < m; i++)
        for (j = i; j < m; j++) {
            cov[i][j] = 0.0;
            for (k = 0; k < n; k++)
                cov[i][j] += data[k][i] * data[k][j];
            cov[i][j] /= float_n - 1.0;
            cov[j][i] = cov[i][j];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE float_n;
    DATA_TYPE (*data)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[N][M]));
    DATA_TYPE (*cov)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[M][M]));
    DATA_TYPE *mean = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[M]));
    double t0;

    init_array(m, n, &float_n, data);

    t0 = bench_now();
    kernel_covariance(m, n, float_n, data, cov, mean);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("cov", &cov[0][0], (size_t)M * M);
        bench_dump("mean", mean, (size_t)M);
    }

    free(data);
    free(cov);
    free(mean);
    return 0;
}
