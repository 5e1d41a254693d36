/*
 * fdtd-2d - 2-D finite-difference time-domain (Yee) simulation of the
 * TE mode of Maxwell's equations: electric fields ex, ey and magnetic
 * field hz on a staggered NX x NY grid, driven at row 0 of ey by the
 * source signal fict[t].
 *
 *   ey -= 0.5 * d(hz)/dx,  ex -= 0.5 * d(hz)/dy,
 *   hz -= 0.7 * (d(ex)/dy + d(ey)/dx)
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef TMAX
# if defined(MINI_DATASET)
#  define TMAX 20
# elif defined(SMALL_DATASET)
#  define TMAX 40
# elif defined(LARGE_DATASET)
#  define TMAX 500
# elif defined(EXTRALARGE_DATASET)
#  define TMAX 1000
# else
#  define TMAX 100
# endif
#endif
#ifndef NX
# if defined(MINI_DATASET)
#  define NX 20
# elif defined(SMALL_DATASET)
#  define NX 60
# elif defined(LARGE_DATASET)
#  define NX 1000
# elif defined(EXTRALARGE_DATASET)
#  define NX 2000
# else
#  define NX 200
# endif
#endif
#ifndef NY
# if defined(MINI_DATASET)
#  define NY 30
# elif defined(SMALL_DATASET)
#  define NY 80
# elif defined(LARGE_DATASET)
#  define NY 1200
# elif defined(EXTRALARGE_DATASET)
#  define NY 2600
# else
#  define NY 240
# endif
#endif

static void init_array(int tmax, int nx, int ny, DATA_TYPE ex[NX][NY],
                       DATA_TYPE ey[NX][NY], DATA_TYPE hz[NX][NY],
                       DATA_TYPE fict[TMAX])
{
    int i, j;

    for (i = 0; i < tmax; i++)
        fict[i] = (DATA_TYPE)(i % 10) / 10;
    for (i = 0; i < nx; i++)
        for (j = 0; j < ny; j++) {
            ex[i][j] = (DATA_TYPE)((i * (j + 1)) % nx) / nx;
            ey[i][j] = (DATA_TYPE)((i * (j + 2) + 1) % ny) / ny;
            hz[i][j] = (DATA_TYPE)((i * (j + 3) + 2) % nx) / nx;
        }
}

static void kernel_fdtd_2d(int tmax, int nx, int ny, DATA_TYPE ex[NX][NY],
                           DATA_TYPE ey[NX][NY], DATA_TYPE hz[NX][NY],
                           DATA_TYPE fict[TMAX])
{
    int t, i, j;

#pragma scop
    for (t = 0; t < tmax; t++) {
        for (j = 0; j < ny; j++)
            ey[0][j] = fict[t];
        for (i = 1; i < nx; i++)
            for (j = 0; j < ny; j++)
                ey[i][j] -= 0.5 * (hz[i][j] - hz[i - 1][j]);
        for (i = 0; i < nx; i++)
            for (j = 1; j < ny; j++)
                ex[i][j] -= 0.5 * (hz[i][j] - hz[i][j - 1]);
        for (i = 0; i < nx - 1; i++)
            for (j = 0; j < ny - 1; j++)
                hz[i][j] -= 0.7 * (ex[i][j + 1] - ex[i][j]
                                   + ey[i + 1][j] - ey[i][j]);
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int tmax = TMAX, nx = NX, ny = NY;
    DATA_TYPE (*ex)[NY] = (DATA_TYPE (*)[NY])bench_alloc(sizeof(DATA_TYPE[NX][NY]));
    DATA_TYPE (*ey)[NY] = (DATA_TYPE (*)[NY])bench_alloc(sizeof(DATA_TYPE[NX][NY]));
    DATA_TYPE (*hz)[NY] = (DATA_TYPE (*)[NY])bench_alloc(sizeof(DATA_TYPE[NX][NY]));
    DATA_TYPE *fict = (DATA_TYPE *)bench_alloc(sizeof(DATA_TYPE[TMAX]));
    double t0;

    init_array(tmax, nx, ny, ex, ey, hz, fict);

    t0 = bench_now();
    kernel_fdtd_2d(tmax, nx, ny, ex, ey, hz, fict);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv)) {
        bench_dump("ex", &ex[0][0], (size_t)NX * NY);
        bench_dump("ey", &ey[0][0], (size_t)NX * NY);
        bench_dump("hz", &hz[0][0], (size_t)NX * NY);
    }

    free(ex);
    free(ey);
    free(hz);
    free(fict);
    return 0;
}
