/* rmsnorm: x / torch.sqrt(torch.mean(x * x, dim=1, keepdim=True) + 1e-5) * g. */
#include <math.h>

#ifdef MINI_DATASET
# define ROWS 12
# define COLS 20
#endif
#ifndef ROWS
# define ROWS 4096
#endif
#ifndef COLS
# define COLS 1024
#endif

/* Ms is a per-row workspace: the mean of squares. */
void kernel_rmsnorm(int rows, int cols, float X[ROWS][COLS], float G[COLS], float Y[ROWS][COLS], float Ms[ROWS])
{
    int i, j;

#pragma scop
    for (i = 0; i < rows; i++) {
        Ms[i] = 0.0f;
        for (j = 0; j < cols; j++)
            Ms[i] += X[i][j] * X[i][j];
        Ms[i] = Ms[i] / (float)cols;
        for (j = 0; j < cols; j++)
            Y[i][j] = X[i][j] / sqrtf(Ms[i] + 1e-5f) * G[j];
    }
#pragma endscop
}
