/*
 * doitgen - multiresolution analysis kernel: every (r, q) row of the
 * 3-D array A is replaced by its product with the NP x NP matrix C4.
 *
 *   A[r][q][p] := sum_s A[r][q][s] * C4[s][p]
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef NQ
# if defined(MINI_DATASET)
#  define NQ 8
# elif defined(SMALL_DATASET)
#  define NQ 20
# elif defined(LARGE_DATASET)
#  define NQ 140
# elif defined(EXTRALARGE_DATASET)
#  define NQ 220
# else
#  define NQ 40
# endif
#endif
#ifndef NR
# if defined(MINI_DATASET)
#  define NR 10
# elif defined(SMALL_DATASET)
#  define NR 25
# elif defined(LARGE_DATASET)
#  define NR 150
# elif defined(EXTRALARGE_DATASET)
#  define NR 250
# else
#  define NR 50
# endif
#endif
#ifndef NP
# if defined(MINI_DATASET)
#  define NP 12
# elif defined(SMALL_DATASET)
#  define NP 30
# elif defined(LARGE_DATASET)
#  define NP 160
# elif defined(EXTRALARGE_DATASET)
#  define NP 270
# else
#  define NP 60
# endif
#endif

static void init_array(int nr, int nq, int np, DATA_TYPE A[NR][NQ][NP],
                       DATA_TYPE C4[NP][NP])
{
    int r, q, p;

    for (r = 0; r < nr; r++)
        for (q = 0; q < nq; q++)
            for (p = 0; p < np; p++)
                A[r][q][p] = (DATA_TYPE)((r * q + 2 * p + 1) % np) / np;
    for (r = 0; r < np; r++)
        for (p = 0; p < np; p++)
            C4[r][p] = (DATA_TYPE)((r * (p + 1)) % np) / (np * np);
}

static void kernel_doitgen(int nr, int nq, int np, DATA_TYPE A[NR][NQ][NP],
                           DATA_TYPE C4[NP][NP], DATA_TYPE sum[NP])
{
    int r, q, p, s;

#pragma scop
    for (r = 0; r < nr; r++)
        for (q = 0; q < nq; q++) {
            for (p = 0; p < np; p++) {
                sum[p] = 0.0;
                for (s = 0; s < np; s++)
                    sum[p] += A[r][q][s] * C4[s][p];
            }
            for (p = 0; p < np; p++)
                A[r][q][p] = sum[p];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int nr = NR, nq = NQ, np = NP;
    DATA_TYPE (*A)[NQ][NP] = (DATA_TYPE (*)[NQ][NP])bench_alloc(sizeof(DATA_TYPE[NR][NQ][NP]));
    DATA_TYPE (*C4)[NP] = (DATA_TYPE (*)[NP])bench_alloc(sizeof(DATA_TYPE[NP][NP]));
    DATA_TYPE *sum = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[NP]));
    double t0;

    init_array(nr, nq, np, A, C4);

    t0 = bench_now();
    kernel_doitgen(nr, nq, np, A, C4, sum);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("A", &A[0][0][0], (size_t)NR * NQ * NP);

    free(A);
    free(C4);
    free(sum);
    return 0;
}
