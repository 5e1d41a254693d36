/* gemm_scale_residual: scale * (x @ w) + r, x is M x K, w is K x N, r is M x N. */
#include <math.h>

#ifdef MINI_DATASET
# define M 20
# define N 24
# define K 28
#endif
#ifndef M
# define M 1024
#endif
#ifndef N
# define N 1024
#endif
#ifndef K
# define K 1024
#endif

void kernel_gemm_scale_residual(int m, int n, int k, float scale, float X[M][K], float Wt[K][N], float R[M][N],
                                float Y[M][N])
{
    int i, j, p;

#pragma scop
    for (i = 0; i < m; i++) {
        for (j = 0; j < n; j++)
            Y[i][j] = 0.0f;
        for (p = 0; p < k; p++)
            for (j = 0; j < n; j++)
                Y[i][j] += X[i][p] * Wt[p][j];
        for (j = 0; j < n; j++)
            Y[i][j] = scale * Y[i][j] + R[i][j];
    }
#pragma endscop
}
