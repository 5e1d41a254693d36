/*
 * stream.c - measured memory bandwidth: a STREAM-like triad.
 *
 *   a[i] = b[i] + s * c[i]   over arrays far larger than the last-level cache
 *
 * Counts 3 x 4 bytes per element (two reads, one write, as STREAM does) and
 * prints "gbps: X", the best of several repetitions, for OMP_NUM_THREADS
 * threads.  The arrays are first touched in parallel so pages sit near the
 * threads that use them.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200112L
#endif
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define COUNT (32L * 1024 * 1024)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(void)
{
    float *a = malloc(COUNT * sizeof(float)), *b = malloc(COUNT * sizeof(float)), *c = malloc(COUNT * sizeof(float));
    const float s = 3.0f;
    double best = 0.0;
    long i;

    if (!a || !b || !c) {
        fprintf(stderr, "stream: out of memory\n");
        return 1;
    }
#pragma omp parallel for schedule(static)
    for (i = 0; i < COUNT; i++) {
        a[i] = 0.0f;
        b[i] = 1.0f;
        c[i] = 2.0f;
    }
    for (int rep = 0; rep < 8; rep++) {
        double t0 = now(), seconds;
#pragma omp parallel for schedule(static)
        for (i = 0; i < COUNT; i++)
            a[i] = b[i] + s * c[i];
        seconds = now() - t0;
        if (3.0 * sizeof(float) * COUNT / seconds * 1e-9 > best)
            best = 3.0 * sizeof(float) * COUNT / seconds * 1e-9;
    }
    printf("gbps: %.3f\n", best);
    return a[COUNT / 2] != 7.0f;
}
