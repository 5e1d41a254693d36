/* gemm_bias_relu: torch.relu(x @ w + b), x is M x K, w is K x N, b has N elements. */
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

void kernel_gemm_bias_relu(int m, int n, int k, float X[M][K], float Wt[K][N], float Bias[N], float Y[M][N])
{
    int i, j, p;

#pragma scop
    for (i = 0; i < m; i++) {
        for (j = 0; j < n; j++)
            Y[i][j] = Bias[j];
        for (p = 0; p < k; p++)
            for (j = 0; j < n; j++)
                Y[i][j] += X[i][p] * Wt[p][j];
        for (j = 0; j < n; j++)
            Y[i][j] = fmaxf(Y[i][j], 0.0f);
    }
#pragma endscop
}
