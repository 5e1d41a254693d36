/*
 * deriche - Deriche's recursive (IIR) Gaussian-like smoothing filter
 * applied to a W x H image: a causal and an anti-causal second-order
 * recursion along each row, summed; then the same along each column of
 * that intermediate image.
 *
 * With a = alpha, e = exp(-a) the filter coefficients are
 *   k  = (1 - e)^2 / (1 + 2 a e - e^2)
 *   causal:      a1 = k,              a2 = k e (a - 1)
 *   anti-causal: a3 = k e (a + 1),    a4 = -k e^2
 *   feedback:    b1 = 2 e,            b2 = -e^2
 * (the same a1..a4 are used for the vertical pass).
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef W
# if defined(MINI_DATASET)
#  define W 64
# elif defined(SMALL_DATASET)
#  define W 192
# elif defined(LARGE_DATASET)
#  define W 4096
# elif defined(EXTRALARGE_DATASET)
#  define W 7680
# else
#  define W 720
# endif
#endif
#ifndef H
# if defined(MINI_DATASET)
#  define H 64
# elif defined(SMALL_DATASET)
#  define H 128
# elif defined(LARGE_DATASET)
#  define H 2160
# elif defined(EXTRALARGE_DATASET)
#  define H 4320
# else
#  define H 480
# endif
#endif

static void init_array(int w, int h, DATA_TYPE *alpha, DATA_TYPE imgIn[W][H])
{
    int i, j;

    *alpha = 0.25;
    for (i = 0; i < w; i++)
        for (j = 0; j < h; j++)
            imgIn[i][j] = (DATA_TYPE)((313 * i + 991 * j) % 65536) / 65535;
}

static void kernel_deriche(int w, int h, DATA_TYPE alpha,
                           DATA_TYPE imgIn[W][H], DATA_TYPE imgOut[W][H],
                           DATA_TYPE y1[W][H], DATA_TYPE y2[W][H])
{
    int i, j;
    DATA_TYPE e, k, a1, a2, a3, a4, b1, b2;
    DATA_TYPE xm1, ym1, ym2, xp1, xp2, yp1, yp2;

#pragma scop
    e = exp(-alpha);
    k = (1.0 - e) * (1.0 - e) / (1.0 + 2.0 * alpha * e - e * e);
    a1 = k;
    a2 = k * e * (alpha - 1.0);
    a3 = k * e * (alpha + 1.0);
    a4 = -k * e * e;
    b1 = 2.0 * e;
    b2 = -e * e;

    /* horizontal pass, left to right */
    for (i = 0; i < w; i++) {
        xm1 = 0.0;
        ym1 = 0.0;
        ym2 = 0.0;
        for (j = 0; j < h; j++) {
            y1[i][j] = a1 * imgIn[i][j] + a2 * xm1 + b1 * ym1 + b2 * ym2;
            xm1 = imgIn[i][j];
            ym2 = ym1;
            ym1 = y1[i][j];
        }
    }
    /* horizontal pass, right to left */
    for (i = 0; i < w; i++) {
        xp1 = 0.0;
        xp2 = 0.0;
        yp1 = 0.0;
        yp2 = 0.0;
        for (j = h - 1; j >= 0; j--) {
            y2[i][j] = a3 * xp1 + a4 * xp2 + b1 * yp1 + b2 * yp2;
            xp2 = xp1;
            xp1 = imgIn[i][j];
            yp2 = yp1;
            yp1 = y2[i][j];
        }
    }
    for (i = 0; i < w; i++)
        for (j = 0; j < h; j++)
            imgOut[i][j] = y1[i][j] + y2[i][j];

    /* vertical pass, top to bottom */
    for (j = 0; j < h; j++) {
        xm1 = 0.0;
        ym1 = 0.0;
        ym2 = 0.0;
        for (i = 0; i < w; i++) {
            y1[i][j] = a1 * imgOut[i][j] + a2 * xm1 + b1 * ym1 + b2 * ym2;
            xm1 = imgOut[i][j];
            ym2 = ym1;
            ym1 = y1[i][j];
        }
    }
    /* vertical pass, bottom to top */
    for (j = 0; j < h; j++) {
        xp1 = 0.0;
        xp2 = 0.0;
        yp1 = 0.0;
        yp2 = 0.0;
        for (i = w - 1; i >= 0; i--) {
            y2[i][j] = a3 * xp1 + a4 * xp2 + b1 * yp1 + b2 * yp2;
            xp2 = xp1;
            xp1 = imgOut[i][j];
            yp2 = yp1;
            yp1 = y2[i][j];
        }
    }
    for (i = 0; i < w; i++)
        for (j = 0; j < h; j++)
            imgOut[i][j] = y1[i][j] + y2[i][j];
#pragma endscop
}

int main(int argc, char **argv)
{
    int w = W, h = H;
    DATA_TYPE alpha;
    DATA_TYPE (*imgIn)[H] = (DATA_TYPE (*)[H])bench_alloc(sizeof(DATA_TYPE[W][H]));
    DATA_TYPE (*imgOut)[H] = (DATA_TYPE (*)[H])bench_alloc(sizeof(DATA_TYPE[W][H]));
    DATA_TYPE (*y1)[H] = (DATA_TYPE (*)[H])bench_alloc(sizeof(DATA_TYPE[W][H]));
    DATA_TYPE (*y2)[H] = (DATA_TYPE (*)[H])bench_alloc(sizeof(DATA_TYPE[W][H]));
    double t0;

    init_array(w, h, &alpha, imgIn);

    t0 = bench_now();
    kernel_deriche(w, h, alpha, imgIn, imgOut, y1, y2);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("imgOut", &imgOut[0][0], (size_t)W * H);

    free(imgIn);
    free(imgOut);
    free(y1);
    free(y2);
    return 0;
}
