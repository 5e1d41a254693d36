/*
 * adi - alternating direction implicit (Peaceman-Rachford) time stepping
 * of the 2-D heat equation u_t = u_xx + u_yy on an N x N grid whose
 * boundary is held at 1.
 *
 * Each time step is two half steps.  With
 *   mx = 2 dt / dx^2,  my = dt / dy^2,  dx = dy = 1/N,  dt = 1/TSTEPS,
 * the first half step is implicit along the first index of v and
 * explicit along the second index of u:
 *   -mx/2 v[j-1][i] + (1+mx) v[j][i] - mx/2 v[j+1][i]
 *       = my/2 u[j][i-1] + (1-my) u[j][i] + my/2 u[j][i+1]
 * and the second half step swaps the roles (implicit along the second
 * index of u, explicit along the first index of v).  Every tridiagonal
 * system is solved with the Thomas algorithm: a forward sweep producing
 * the coefficients p (multiplier) and q (offset), then back substitution
 * x[j] = p[j] * x[j+1] + q[j].
 */
#include "bench.h"

/* Problem sizes (PolyBench 4.2 datasets); each may be set with -D. */
#ifndef TSTEPS
# if defined(MINI_DATASET)
#  define TSTEPS 20
# elif defined(SMALL_DATASET)
#  define TSTEPS 40
# elif defined(LARGE_DATASET)
#  define TSTEPS 500
# elif defined(EXTRALARGE_DATASET)
#  define TSTEPS 1000
# else
#  define TSTEPS 100
# endif
#endif
#ifndef N
# if defined(MINI_DATASET)
#  define N 20
# elif defined(SMALL_DATASET)
#  define N 60
# elif defined(LARGE_DATASET)
#  define N 1000
# elif defined(EXTRALARGE_DATASET)
#  define N 2000
# else
#  define N 200
# endif
#endif

static void init_array(int n, DATA_TYPE u[N][N], DATA_TYPE v[N][N],
                       DATA_TYPE p[N][N], DATA_TYPE q[N][N])
{
    int i, j;

    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            u[i][j] = (DATA_TYPE)(i + n - j) / n;
            v[i][j] = 0.0;
            p[i][j] = 0.0;
            q[i][j] = 0.0;
        }
}

static void kernel_adi(int tsteps, int n, DATA_TYPE u[N][N],
                       DATA_TYPE v[N][N], DATA_TYPE p[N][N],
                       DATA_TYPE q[N][N])
{
    int t, i, j;
    DATA_TYPE dx, dy, dt, mx, my;
    DATA_TYPE lo1, di1, up1, lo2, di2, up2;

#pragma scop
    dx = 1.0 / (DATA_TYPE)n;
    dy = 1.0 / (DATA_TYPE)n;
    dt = 1.0 / (DATA_TYPE)tsteps;
    mx = 2.0 * dt / (dx * dx);
    my = dt / (dy * dy);
    /* tridiagonal coefficients of the implicit operators */
    lo1 = -mx / 2.0;
    di1 = 1.0 + mx;
    up1 = -mx / 2.0;
    lo2 = -my / 2.0;
    di2 = 1.0 + my;
    up2 = -my / 2.0;

    for (t = 1; t <= tsteps; t++) {
        /* first half step: solve for v column by column */
        for (i = 1; i < n - 1; i++) {
            v[0][i] = 1.0;
            p[i][0] = 0.0;
            q[i][0] = v[0][i];
            for (j = 1; j < n - 1; j++) {
                p[i][j] = -up1 / (lo1 * p[i][j - 1] + di1);
                q[i][j] = (-lo2 * u[j][i - 1] + (1.0 + 2.0 * lo2) * u[j][i]
                           - up2 * u[j][i + 1] - lo1 * q[i][j - 1])
                          / (lo1 * p[i][j - 1] + di1);
            }
            v[n - 1][i] = 1.0;
            for (j = n - 2; j >= 1; j--)
                v[j][i] = p[i][j] * v[j + 1][i] + q[i][j];
        }
        /* second half step: solve for u row by row */
        for (i = 1; i < n - 1; i++) {
            u[i][0] = 1.0;
            p[i][0] = 0.0;
            q[i][0] = u[i][0];
            for (j = 1; j < n - 1; j++) {
                p[i][j] = -up2 / (lo2 * p[i][j - 1] + di2);
                q[i][j] = (-lo1 * v[i - 1][j] + (1.0 + 2.0 * lo1) * v[i][j]
                           - up1 * v[i + 1][j] - lo2 * q[i][j - 1])
                          / (lo2 * p[i][j - 1] + di2);
            }
            u[i][n - 1] = 1.0;
            for (j = n - 2; j >= 1; j--)
                u[i][j] = p[i][j] * u[i][j + 1] + q[i][j];
        }
    }
#pragma endscop
}

int main(int argc, char **argv)
{
    int tsteps = TSTEPS, n = N;
    DATA_TYPE (*u)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE (*v)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE (*p)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    DATA_TYPE (*q)[N] = (DATA_TYPE (*)[N])bench_alloc(sizeof(DATA_TYPE[N][N]));
    double t0;

    init_array(n, u, v, p, q);

    t0 = bench_now();
    kernel_adi(tsteps, n, u, v, p, q);
    bench_report_time(bench_now() - t0);

    if (bench_dump_requested(argc, argv))
        bench_dump("u", &u[0][0], (size_t)N * N);

    free(u);
    free(v);
    free(p);
    free(q);
    return 0;
}
