/*
 * correlation - Pearson correlation matrix of M variables observed N
 * times (data is N x M, one observation per row).
 *
 *   mean[j]   = (1/N) sum_i data[i][j]
 *   stddev[j] = sqrt((1/N) sum_i (data[i][j] - mean[j])^2)
 *               (replaced by 1 when it is tiny, to avoid dividing by ~0)
 *   data[i][j] := (data[i][j] - mean[j]) / (sqrt(N) * stddev[j])
 *   corr[a][b] = sum_i data[i][a] * data[i][b]     (symmetric, unit diagonal)
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
            data[i][j] = (DATA_TYPE)((i * j + 2 * i + 1) % m) / m
                         + (DATA_TYPE)(i % (j + 3)) / 8;
}

static void kernel_correlation(int m, int n, DATA_TYPE float_n,
                               DATA_TYPE data[N][M], DATA_TYPE corr[M][M],
                               DATA_TYPE mean[M], DATA_TYPE stddev[M])
{
    int i, j, k;

#pragma scop
    for (j = 0; j < m; j++) {
        mean[j] = 0.0;
        for (i = 0; i < n; i++)
            mean[j] += data[i][j];
        mean[j] /= float_n;
    }
    for (j = 0; j < m; j++) {
        stddev[j] = 0.0;
        for (i = 0; i < n; i++)
            stddev[j] += (data[i][j] - mean[j]) * (data[i][j] - mean[j]);
        stddev[j] /= float_n;
        stddev[j] = sqrt(stddev[j]);
        stddev[j] = stddev[j] <= 0.1 ? 1.0 : stddev[j];
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++) {
            data[i][j] -= mean[j];
            data[i][j] /= sqrt(float_n) * stddev[j];
        }
    for (i = 0; i < m - 1; i++) {
        corr[i][i] = 1.0;
        for (j = i + 1; j < m; j++) {
            corr[i][j] = 0.0;
            for (k = 0; k < n; k++)
                corr[i][j] += data[k][i] * data[k][j];
            corr[j][i] = corr[i][j];
        }
    }
    corr[m - 1][m - 1] = 1.0;
#pragma endscop
}

int main(int argc, char **argv)
{
    int m = M, n = N;
    DATA_TYPE float_n;
    DATA_TYPE (*data)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[N][M]));
    DATA_TYPE (*corr)[M] = (DATA_TYPE (*)[M])bench_alloc(sizeof(DATA_TYPE[M][M]));
    DATA_TYPE *mean = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[M]));
    DATA_TYPE *stddev = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[M]));
    double t0;

    init_array(m, n, &float_n, data);

    t0 = bench_now();
    kernel_correlation(m, n, float_n, data, corr, mean, stddev);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("corr", &corr[0][0], (size_t)M * M);
        bench_dump("mean", mean, (size_t)M);
        bench_dump("stddev", stddev, (size_t)M);
    }

    free(data);
    free(corr);
    free(mean);
    free(stddev);
    return 0;
}
