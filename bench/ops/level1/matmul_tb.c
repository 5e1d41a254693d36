/* matmul with transposed B: torch.matmul(a, b.T), a is M x K, b is N x K. */
#include <math.h>

#ifdef MINI_DATASET
# define M 20
# define N 24
# define K 28
#endif
#ifndef M
# define M 512
#endif
#ifndef N
# define N 512
#endif
#ifndef K
# define K 512
#endif

void kernel_matmul_tb(int m, int n, int k, float A[M][K], float B[N][K], float C[M][N])
{
    int i, j, p;

#pragma scop
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++) {
            C[i][j] = 0.0f;
            for (p = 0; p < k; p++)
                C[i][j] += A[i][p] * B[j][p];
        }
#pragma endscop
}
