/*
 * floyd-warshall - all-pairs shortest paths on a dense weighted digraph.
 *
 *   for every intermediate vertex k, every pair (i, j):
 *     path[i][j] := min(path[i][j], path[i][k] + path[k][j])
 *
 * path holds int edge lengths; a missing edge is NO_EDGE, large enough
 * to lose against every real path yet small enough that NO_EDGE+NO_EDGE
 * cannot overflow an int.
 */
#include "bench.h"

/* Problem size (PolyBench 4.2 datasets); may be set with -DN=... */
#ifndef N
# if defined(MINI_DATASET)
#  define N 60
# elif defined(SMALL_DATASET)
#  define N 180
# elif defined(LARGE_DATASET)
#  define N 2800
# elif defined(EXTRALARGE_DATASET)
#  define N 5600
# else
#  define N 500
# endif
#endif

#define NO_EDGE 100000000

static void init_array(int n, int path[N][N])
{
    int i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            if (i == j)
                path[i][j] = 0;
            else if ((i * 7 + j * 3) % 5 == 0 || j == (i + 1) % n)
                path[i][j] = 1 + (i * j + 3 * i + j) % 23;
            else
                path[i][j] = NO_EDGE;
        }
}

static void kernel_floyd_warshall(int n, int path[N][N])
{
    int i, j, k;

#pragma scop
    for (k = 0; k < n; k++)
        for (i = 0; i < n; i++)
            for (j = 0; j < n; j++)
                path[i][j] = path[i][k] + path[k][j] < path[i][j]
                                 ? path[i][k] + path[k][j]
                                 : path[i][j];
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    int (*path)[N] = (int (*)[N])bench_alloc(sizeof(int[N][N]));
    double t0;

    init_array(n, path);

    t0 = bench_now();
    kernel_floyd_warshall(n, path);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump_int("path", &path[0][0], (size_t)N * N);

    free(path);
    return 0;
}
