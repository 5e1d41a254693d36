/* sgemm: torch.matmul(a, b) for square float32 matrices, N x N. */
#include <math.h>

/* Size: N (set with -DN=2048); MINI_DATASET for tests. */
#ifndef N
# ifdef MINI_DATASET
#  define N 24
# else
#  define N 1024
# endif
#endif

void kernel_sgemm(int n, float A[N][N], float B[N][N], float C[N][N])
{
    int i, j, k;

#pragma scop
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++)
            C[i][j] = 0.0f;
        for (k = 0; k < n; k++)
            for (j = 0; j < n; j++)
                C[i][j] += A[i][k] * B[k][j];
    }
#pragma endscop
}
