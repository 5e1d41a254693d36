/* tanh: torch.tanh(x) on a ROWS x COLS float32 tensor. */
#include <math.h>

#ifdef MINI_DATASET
# define ROWS 12
# define COLS 20
#endif
#ifndef ROWS
# define ROWS 2048
#endif
#ifndef COLS
# define COLS 4096
#endif

void kernel_tanh(int rows, int cols, float X[ROWS][COLS], float Y[ROWS][COLS])
{
    int i, j;

#pragma scop
    for (i = 0; i < rows; i++)
        for (j = 0; j < cols; j++)
            Y[i][j] = tanhf(X[i][j]);
#pragma endscop
}
