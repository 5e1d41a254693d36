/*
 * gemm - general matrix-matrix product.
 *
 *   C := alpha * A * B + beta * C
 *   A is NI x NK, B is NK x NJ, C is NI x NJ.
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef NI
# if defined(MINI_DATASET)
#  define NI 20
# elif defined(SMALL_DATASET)
#  define NI 60
# elif defined(LARGE_DATASET)
#  define NI 1000
# elif defined(EXTRALARGE_DATASET)
#  define NI 2000
# else
#  define NI 200
# endif
#endif
#ifndef NJ
# if defined(MINI_DATASET)
#  define NJ 25
# elif defined(SMALL_DATASET)
#  define NJ 70
# elif defined(LARGE_DATASET)
#  define NJ 1100
# elif defined(EXTRALARGE_DATASET)
#  define NJ 2300
# else
#  define NJ 220
# endif
#endif
#ifndef NK
# if defined(MINI_DATASET)
#  define NK 30
# elif defined(SMALL_DATASET)
#  define NK 80
# elif defined(LARGE_DATASET)
#  define NK 1200
# elif defined(EXTRALARGE_DATASET)
#  define NK 2600
# else
#  define NK 240
# endif
#endif

static void init_array(int ni, int nj, int nk, DATA_TYPE *alpha,
                       DATA_TYPE *beta, DATA_TYPE A[NI][NK],
                       DATA_TYPE B[NK][NJ], DATA_TYPE C[NI][NJ])
{
    int i, j;

    *alpha = 1.25;
    *beta = 0.75;
    for (i = 0; i < ni; i++)
        for (j = 0; j < nk; j++)
            A[i][j] = (DATA_TYPE)((i * (j + 2) + 1) % nk) / nk;
    for (i = 0; i < nk; i++)
        for (j = 0; j < nj; j++)
            B[i][j] = (DATA_TYPE)((i * (j + 1) + 3) % nj) / nj;
    for (i = 0; i < ni; i++)
        for (j = 0; j < nj; j++)
            C[i][j] = (DATA_TYPE)((i + 2 * j + 5) % ni) / ni;
}

static void kernel_gemm(int ni, int nj, int nk, DATA_TYPE alpha,
                        DATA_TYPE beta, DATA_TYPE A[NI][NK],
                        DATA_TYPE B[NK][NJ], DATA_TYPE C[NI][NJ])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < ni; i++)
        for (j = 0; j < nj; j++) {
            C[i][j] *= beta;
            for (k = 0; k < nk; k++)
                C[i][j] += alpha * A[i][k] * B[k][j];
        }
#pragma endscop
}

int main(int argc, char **argv)
{
    int ni = NI, nj = NJ, nk = NK;
    DATA_TYPE alpha, beta;
    DATA_TYPE (*A)[NK] = (DATA_TYPE (*)[NK])bench_alloc(sizeof(DATA_TYPE[NI][NK]));
    DATA_TYPE (*B)[NJ] = (DATA_TYPE (*)[NJ])bench_alloc(sizeof(DATA_TYPE[NK][NJ]));
    DATA_TYPE (*C)[NJ] = (DATA_TYPE (*)[NJ])bench_alloc(sizeof(DATA_TYPE[NI][NJ]));
    double t0;

    init_array(ni, nj, nk, &alpha, &beta, A, B, C);

    t0 = bench_now();
    kernel_gemm(ni, nj, nk, alpha, beta, A, B, C);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("C", &C[0][0], (size_t)NI * NJ);

    free(A);
    free(B);
    free(C);
    return 0;
}
