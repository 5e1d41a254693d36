/* batched matmul: torch.bmm(a, b), a is BATCH x M x K, b is BATCH x K x N. */
#include <math.h>

#ifdef MINI_DATASET
# define BATCH 3
# define M 12
# define N 16
# define K 20
#endif
#ifndef BATCH
# define BATCH 16
#endif
#ifndef M
# define M 256
#endif
#ifndef N
# define N 256
#endif
#ifndef K
# define K 256
#endif

void kernel_bmm(int batch, int m, int n, int k, float A[BATCH][M][K], float B[BATCH][K][N],
                float C[BATCH][M][N])
{
    int b, i, j, p;

#pragma scop
    for (b = 0; b < batch; b++)
        for (i = 0; i < m; i++) {
            for (j = 0; j < n; j++)
                C[b][i][j] = 0.0f;
            for (p = 0; p < k; p++)
                for (j = 0; j < n; j++)
                    C[b][i][j] += A[b][i][p] * B[b][p][j];
        }
#pragma endscop
}
