/*
 * 2mm - two chained matrix products.
 *
 *   tmp := alpha * A * B          (NI x NK) * (NK x NJ)
 *   D   := tmp * C + beta * D     (NI x NJ) * (NJ x NL)
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef NI
# if defined(MINI_DATASET)
#  define NI 16
# elif defined(SMALL_DATASET)
#  define NI 40
# elif defined(LARGE_DATASET)
#  define NI 800
# elif defined(EXTRALARGE_DATASET)
#  define NI 1600
# else
#  define NI 180
# endif
#endif
#ifndef NJ
# if defined(MINI_DATASET)
#  define NJ 18
# elif defined(SMALL_DATASET)
#  define NJ 50
# elif defined(LARGE_DATASET)
#  define NJ 900
# elif defined(EXTRALARGE_DATASET)
#  define NJ 1800
# else
#  define NJ 190
# endif
#endif
#ifndef NK
# if defined(MINI_DATASET)
#  define NK 22
# elif defined(SMALL_DATASET)
#  define NK 70
# elif defined(LARGE_DATASET)
#  define NK 1100
# elif defined(EXTRALARGE_DATASET)
#  define NK 2200
# else
#  define NK 210
# endif
#endif
#ifndef NL
# if defined(MINI_DATASET)
#  define NL 24
# elif defined(SMALL_DATASET)
#  define NL 80
# elif defined(LARGE_DATASET)
#  define NL 1200
# elif defined(EXTRALARGE_DATASET)
#  define NL 2400
# else
#  define NL 220
# endif
#endif

static void init_array(int ni, int nj, int nk, int nl, DATA_TYPE *alpha,
                       DATA_TYPE *beta, DATA_TYPE A[NI][NK],
                       DATA_TYPE B[NK][NJ], DATA_TYPE C[NJ][NL],
                       DATA_TYPE D[NI][NL])
{
    int i, j;

    *alpha = 1.5;
    *beta = 1.2;
    for (i = 0; i < ni; i++)
        for (j = 0; j < nk; j++)
            A[i][j] = (DATA_TYPE)((i * j + 1) % ni) / ni;
    for (i = 0; i < nk; i++)
        for (j = 0; j < nj; j++)
            B[i][j] = (DATA_TYPE)((i * (j + 1) + 2) % nj) / nj;
    for (i = 0; i < nj; i++)
        for (j = 0; j < nl; j++)
            C[i][j] = (DATA_TYPE)((i * (j + 3) + 1) % nl) / nl;
    for (i = 0; i < ni; i++)
        for (j = 0; j < nl; j++)
            D[i][j] = (DATA_TYPE)((i * (j + 2) + 3) % nk) / nk;
}

static void kernel_2mm(int ni, int nj, int nk, int nl, DATA_TYPE alpha,
                       DATA_TYPE beta, DATA_TYPE tmp[NI][NJ],
                       DATA_TYPE A[NI][NK], DATA_TYPE B[NK][NJ],
                       DATA_TYPE C[NJ][NL], DATA_TYPE D[NI][NL])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < ni; i++)
        for (j = 0; j < nj; j++) {
            tmp[i][j] = 0.0;
            for (k = 0; k < nk; k++)
                tmp[i][j] += alpha * A[i][k] * B[k][j];
        }
    for (i = 0; i < ni; i++)
        for (j = 0; j < nl; j++) {
            D[i][j] *= beta;
            for (k = 0; k < nj; k++)
                D[i][j] += tmp[i][k] * C[k][j];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int ni = NI, nj = NJ, nk = NK, nl = NL;
    DATA_TYPE alpha, beta;
    DATA_TYPE (*tmp)[NJ] = (DATA_TYPE (*)[NJ])bench_alloc(sizeof(DATA_TYPE[NI][NJ]));
    DATA_TYPE (*A)[NK] = (DATA_TYPE (*)[NK])bench_alloc(sizeof(DATA_TYPE[NI][NK]));
    DATA_TYPE (*B)[NJ] = (DATA_TYPE (*)[NJ])bench_alloc(sizeof(DATA_TYPE[NK][NJ]));
    DATA_TYPE (*C)[NL] = (DATA_TYPE (*)[NL])bench_alloc(sizeof(DATA_TYPE[NJ][NL]));
    DATA_TYPE (*D)[NL] = (DATA_TYPE (*)[NL])bench_alloc(sizeof(DATA_TYPE[NI][NL]));
    double t0;

    init_array(ni, nj, nk, nl, &alpha, &beta, A, B, C, D);

    t0 = bench_now();
    kernel_2mm(ni, nj, nk, nl, alpha, beta, tmp, A, B, C, D);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("D", &D[0][0], (size_t)NI * NL);

    free(tmp);
    free(A);
    free(B);
    free(C);
    free(D);
    return 0;
}
