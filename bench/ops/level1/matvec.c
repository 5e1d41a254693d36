/* matrix-vector product: torch.mv(a, x), a is M x K. */
#include <math.h>

#ifdef MINI_DATASET
# define M 20
# define K 28
#endif
#ifndef M
# define M 4096
#endif
#ifndef K
# define K 4096
#endif

void kernel_matvec(int m, int k, float A[M][K], float X[K], float Y[M])
{
    int i, p;

#pragma scop
    for (i = 0; i < m; i++) {
        Y[i] = 0.0f;
        for (p = 0; p < k; p++)
            Y[i] += A[i][p] * X[p];
    }
#pragma endscop
}
