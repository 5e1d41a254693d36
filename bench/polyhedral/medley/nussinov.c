/*
 * nussinov - Nussinov's dynamic program for RNA secondary structure:
 * the maximum number of nested complementary base pairs in every
 * subsequence seq[i..j].
 *
 *   table[i][j] = max( table[i+1][j],                     i unpaired
 *                      table[i][j-1],                     j unpaired
 *                      table[i+1][j-1] + pair(i, j),      i pairs with j
 *                      max_{i<k<j} table[i][k] + table[k+1][j] )  split
 *
 * Bases are coded 0..3 (A, C, G, U) and stored as int; pair(i, j) is 1
 * when seq[i] + seq[j] == 3 (A-U or C-G) and adjacent bases (j == i+1)
 * never pair.  Rows are filled bottom-up, each row left to right.
 */
#include "bench.h"

/* Problem size (PolyBench 4.2 datasets); may be set with -DN=... */
#ifndef N
# if defined(MINI_DATASET)
#  define N 60
# elif defined(SMALL_DATASET)
#  define N 180
# elif defined(LARGE_DATASET)
#  define N 2500
# elif defined(EXTRALARGE_DATASET)
#  define N 5500
# else
#  define N 500
# endif
#endif

static void init_array(int n, int seq[N], int table[N][N])
{
    int i, j;

    for (i = 0; i < n; i++) {
        seq[i] = (i * i + 3 * i + 1) % 7 % 4;
        for (j = 0; j < n; j++)
            table[i][j] = 0;
    }
}

static void kernel_nussinov(int n, int seq[N], int table[N][N])
{
    int i, j, k;

#pragma scop
    for (i = n - 1; i >= 0; i--)
        for (j = i + 1; j < n; j++) {
            table[i][j] = table[i + 1][j] > table[i][j]
                              ? table[i + 1][j] : table[i][j];
            table[i][j] = table[i][j - 1] > table[i][j]
                              ? table[i][j - 1] : table[i][j];
            if (i < j - 1)
                table[i][j] =
                    table[i + 1][j - 1] + (seq[i] + seq[j] == 3 ? 1 : 0)
                            > table[i][j]
                        ? table[i + 1][j - 1] + (seq[i] + seq[j] == 3 ? 1 : 0)
                        : table[i][j];
            for (k = i + 1; k < j; k++)
                table[i][j] = table[i][k] + table[k + 1][j] > table[i][j]
                                  ? table[i][k] + table[k + 1][j]
                                  : table[i][j];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int n = N;
    int *seq = (int *)bench_alloc(sizeof(int[N]));
    int (*table)[N] = (int (*)[N])bench_alloc(sizeof(int[N][N]));
    double t0;

    init_array(n, seq, table);

    t0 = bench_now();
    kernel_nussinov(n, seq, table);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump_int("table", &table[0][0], (size_t)N * N);

    free(seq);
    free(table);
    return 0;
}
