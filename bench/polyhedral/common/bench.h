/*
 * bench.h - shared helpers for the akg polyhedral benchmark suite.
 *
 * Every kernel file includes this header first.  It provides:
 *   - DATA_TYPE (double, or float with -DDATA_TYPE_IS_FLOAT),
 *   - a monotonic wall-clock timer and the "time: <seconds>" report,
 *   - checked heap allocation,
 *   - the --dump output helpers ("== name" header, one value per line).
 *
 * All helpers are static inline so no separate object file is needed.
 */
#ifndef AKG_POLYHEDRAL_BENCH_H
#define AKG_POLYHEDRAL_BENCH_H

/* clock_gettime() is POSIX; -std=c99 hides it unless we ask for it. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200112L
#endif

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The kernels carry "#pragma scop"/"#pragma endscop" markers for akg;
 * a plain C compiler does not know them, so keep -Wall quiet about it. */
#if defined(__GNUC__) && !defined(__cplusplus)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif

#ifdef DATA_TYPE_IS_FLOAT
#define DATA_TYPE float
#else
#define DATA_TYPE double
#endif

/* Seconds from an arbitrary fixed point, monotonic. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline void bench_report_time(double seconds)
{
    fprintf(stderr, "time: %.6f\n", seconds);
}

/* malloc that never returns NULL (aborts the benchmark instead). */
static inline void *bench_alloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (p == NULL) {
        fprintf(stderr, "bench: out of memory allocating %zu bytes\n", bytes);
        exit(EXIT_FAILURE);
    }
    return p;
}

/* True when the program was started as "prog --dump". */
static inline int bench_dump_requested(int argc, char **argv)
{
    return argc > 1 && strcmp(argv[1], "--dump") == 0;
}

/* Print `count` consecutive DATA_TYPE values starting at `first`
 * (pass &A[0][0] for a multi-dimensional array). */
static inline void bench_dump(const char *name, const DATA_TYPE *first,
                              size_t count)
{
    size_t i;
    printf("== %s\n", name);
    for (i = 0; i < count; i++)
        printf("%.17g\n", (double)first[i]);
}

/* Same for int data (floyd-warshall, nussinov). */
static inline void bench_dump_int(const char *name, const int *first,
                                  size_t count)
{
    size_t i;
    printf("== %s\n", name);
    for (i = 0; i < count; i++)
        printf("%d\n", first[i]);
}

#endif /* AKG_POLYHEDRAL_BENCH_H */
