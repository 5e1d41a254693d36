/*
 * durbin - Levinson-Durbin recursion: solves the Yule-Walker system
 * T y = -r, where T is the symmetric Toeplitz matrix with unit diagonal
 * and off-diagonals r[0], r[1], ..., in O(n^2) operations.
 *
 * Step k extends the order-k solution y[0..k-1] to order k+1:
 *   beta  := (1 - alpha^2) * beta
 *   alpha := -(r[k] + sum_{i<k} r[k-1-i] * y[i]) / beta
 *   y[i]  := y[i] + alpha * y[k-1-i]   (i < k, via the copy z)
 *   y[k]  := alpha
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

/* r[i] = 0.4 / (i + 2)^2: the Toeplitz matrix is strictly diagonally
 * dominant for every n, so every beta stays positive. */
static void init_array(int n, DATA_TYPE r[N])
{
    int i;

    for (i = 0; i < n; i++)
        r[i] = (DATA_TYPE)(0.4 + 0.05 * (i % 3)) / ((DATA_TYPE)(i + 2) * (i + 2));
}

static void kernel_durbin(int n, DATA_TYPE r[N], DATA_TYPE y[N],
                          DATA_TYPE z[N])
{
    int i, k;
    DATA_TYPE alpha, beta, sum;

#pragma scop
    y[0] = -r[0];
    beta = 1.0;
    alpha = -r[0];
    for (k = 1; k < n; k++) {
        beta = (1.0 - alpha * alpha) * beta;
        sum = 0.0;
        for (i = 0; i < k; i++)
            sum += r[k - i - 1] * y[i];
        alpha = -(r[k] + sum) / beta;
        for (i = 0; i < k; i++)
            z[i] = y[i] + alpha * y[k - i - 1];
        for (i = 0; i < k; i++)
            y[i] = z[i];
        y[k] = alpha;
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    DATA_TYPE *r = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *y = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    DATA_TYPE *z = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[N]));
    double t0;

    init_array(n, r);

    t0 = bench_now();
    kernel_durbin(n, r, y, z);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("y", y, (size_t)N);

    free(r);
    free(y);
    free(z);
    return 0;
}
