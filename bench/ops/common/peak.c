/*
 * peak.c - the machine's fp32 FMA peak, measured.
 *
 * Each thread runs CHAINS independent chains of vector FMAs (GCC vector
 * extensions, LANES floats wide: the CPU backend's capabilities say how many),
 * enough chains to cover the FMA latency times the number of FMA units, so
 * the loop is limited by throughput alone.  Prints "gflops: X" for
 * OMP_NUM_THREADS threads (the best of several repetitions).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200112L
#endif
#include <stdio.h>
#include <time.h>
#include <omp.h>

#ifndef LANES
# define LANES 8
#endif
#define CHAINS 12
#define STEPS 20000000L

typedef float vfloat __attribute__((vector_size(LANES * sizeof(float))));

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Returns a value that depends on every chain so nothing is optimised away. */
static float fma_chains(long steps, float seed)
{
    vfloat acc[CHAINS];
    vfloat mul = (vfloat){0} + 0.999999f, add = (vfloat){0} + 1e-7f;
    float sum = 0.0f;
    int c, l;

    for (c = 0; c < CHAINS; c++)
        acc[c] = (vfloat){0} + seed + (float)c;
    for (long s = 0; s < steps; s++)
        for (c = 0; c < CHAINS; c++)
            acc[c] = acc[c] * mul + add;
    for (c = 0; c < CHAINS; c++)
        for (l = 0; l < LANES; l++)
            sum += acc[c][l];
    return sum;
}

int main(void)
{
    double best = 0.0;
    volatile float sink = 0.0f;

    for (int rep = 0; rep < 5; rep++) {
        int threads = 1;
        double t0 = now(), seconds;
#pragma omp parallel reduction(+ : sink)
        {
#pragma omp single
            threads = omp_get_num_threads();
            sink += fma_chains(STEPS / 10, (float)omp_get_thread_num());
        }
        seconds = now() - t0;
        double gflops = 2.0 * LANES * CHAINS * (double)(STEPS / 10) * threads / seconds * 1e-9;
        if (gflops > best)
            best = gflops;
    }
    printf("gflops: %.3f\n", best);
    return sink == 12345.0f;
}
