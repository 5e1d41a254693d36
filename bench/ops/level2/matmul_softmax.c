/* matmul_softmax: torch.softmax(a @ b, dim=1), a is M x K, b is K x N. */
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
# define K 256
#endif

/* Mx and Sum are per-row workspaces (the row maximum and the sum of exponentials). */
void kernel_matmul_softmax(int m, int n, int k, float A[M][K], float B[K][N], float Y[M][N], float Mx[M],
                           float Sum[M])
{
    int i, j, p;

#pragma scop
    for (i = 0; i < m; i++) {
        for (j = 0; j < n; j++)
            Y[i][j] = 0.0f;
        for (p = 0; p < k; p++)
            for (j = 0; j < n; j++)
                Y[i][j] += A[i][p] * B[p][j];
        Mx[i] = Y[i][0];
        for (j = 1; j < n; j++)
            Mx[i] = fmaxf(Mx[i], Y[i][j]);
        Sum[i] = 0.0f;
        for (j = 0; j < n; j++) {
            Y[i][j] = expf(Y[i][j] - Mx[i]);
            Sum[i] += Y[i][j];
        }
        for (j = 0; j < n; j++)
            Y[i][j] = Y[i][j] / Sum[i];
    }
#pragma endscop
}
