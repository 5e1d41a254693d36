/*
 * 3mm - three matrix products.
 *
 *   E := A * B    (NI x NK) * (NK x NJ)
 *   F := C * D    (NJ x NM) * (NM x NL)
 *   G := E * F    (NI x NJ) * (NJ x NL)
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
#  define NK 20
# elif defined(SMALL_DATASET)
#  define NK 60
# elif defined(LARGE_DATASET)
#  define NK 1000
# elif defined(EXTRALARGE_DATASET)
#  define NK 2000
# else
#  define NK 200
# endif
#endif
#ifndef NL
# if defined(MINI_DATASET)
#  define NL 22
# elif defined(SMALL_DATASET)
#  define NL 70
# elif defined(LARGE_DATASET)
#  define NL 1100
# elif defined(EXTRALARGE_DATASET)
#  define NL 2200
# else
#  define NL 210
# endif
#endif
#ifndef NM
# if defined(MINI_DATASET)
#  define NM 24
# elif defined(SMALL_DATASET)
#  define NM 80
# elif defined(LARGE_DATASET)
#  define NM 1200
# elif defined(EXTRALARGE_DATASET)
#  define NM 2400
# else
#  define NM 220
# endif
#endif

static void init_array(int ni, int nj, int nk, int nl, int nm,
                       DATA_TYPE A[NI][NK], DATA_TYPE B[NK][NJ],
                       DATA_TYPE C[NJ][NM], DATA_TYPE D[NM][NL])
{
    int i, j;

    for (i = 0; i < ni; i++)
        for (j = 0; j < nk; j++)
            A[i][j] = (DATA_TYPE)((i * j + 1) % ni) / (5 * ni);
    for (i = 0; i < nk; i++)
        for (j = 0; j < nj; j++)
            B[i][j] = (DATA_TYPE)((i * (j + 1) + 2) % nj) / (5 * nj);
    for (i = 0; i < nj; i++)
        for (j = 0; j < nm; j++)
            C[i][j] = (DATA_TYPE)((i * (j + 3)) % nl) / (5 * nl);
    for (i = 0; i < nm; i++)
        for (j = 0; j < nl; j++)
            D[i][j] = (DATA_TYPE)((i * (j + 2) + 2) % nk) / (5 * nk);
}

static void kernel_3mm(int ni, int nj, int nk, int nl, int nm,
                       DATA_TYPE E[NI][NJ], DATA_TYPE A[NI][NK],
                       DATA_TYPE B[NK][NJ], DATA_TYPE F[NJ][NL],
                       DATA_TYPE C[NJ][NM], DATA_TYPE D[NM][NL],
                       DATA_TYPE G[NI][NL])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < ni; i++)
        for (j = 0; j < nj; j++) {
            E[i][j] = 0.0;
            for (k = 0; k < nk; k++)
                E[i][j] += A[i][k] * B[k][j];
        }
    for (i = 0; i < nj; i++)
        for (j = 0; j < nl; j++) {
            F[i][j] = 0.0;
            for (k = 0; k < nm; k++)
                F[i][j] += C[i][k] * D[k][j];
        }
    for (i = 0; i < ni; i++)
        for (j = 0; j < nl; j++) {
            G[i][j] = 0.0;
            for (k = 0; k < nj; k++)
                G[i][j] += E[i][k] * F[k][j];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int ni = NI, nj = NJ, nk = NK, nl = NL, nm = NM;
    DATA_TYPE (*E)[NJ] = (DATA_TYPE (*)[NJ])bench_alloc(sizeof(DATA_TYPE[NI][NJ]));
    DATA_TYPE (*A)[NK] = (DATA_TYPE (*)[NK])bench_alloc(sizeof(DATA_TYPE[NI][NK]));
    DATA_TYPE (*B)[NJ] = (DATA_TYPE (*)[NJ])bench_alloc(sizeof(DATA_TYPE[NK][NJ]));
    DATA_TYPE (*F)[NL] = (DATA_TYPE (*)[NL])bench_alloc(sizeof(DATA_TYPE[NJ][NL]));
    DATA_TYPE (*C)[NM] = (DATA_TYPE (*)[NM])bench_alloc(sizeof(DATA_TYPE[NJ][NM]));
    DATA_TYPE (*D)[NL] = (DATA_TYPE (*)[NL])bench_alloc(sizeof(DATA_TYPE[NM][NL]));
    DATA_TYPE (*G)[NL] = (DATA_TYPE (*)[NL])bench_alloc(sizeof(DATA_TYPE[NI][NL]));
    double t0;

    init_array(ni, nj, nk, nl, nm, A, B, C, D);

    t0 = bench_now();
    kernel_3mm(ni, nj, nk, nl, nm, E, A, B, F, C, D, G);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("G", &G[0][0], (size_t)NI * NL);

    free(E);
    free(A);
    free(B);
    free(F);
    free(C);
    free(D);
    free(G);
    return 0;
}
