/* row_max: torch.amax(x, dim=1) on a ROWS x COLS float32 tensor. */
#include <math.h>

#ifdef MINI_DATASET
# define ROWS 12
# define COLS 20
#endif
#ifndef ROWS
# define ROWS 4096
#endif
#ifndef COLS
# define COLS 4096
#endif

void kernel_row_max(int rows, int cols, float X[ROWS][COLS], float Y[ROWS])
{
    int i, j;

#pragma scop
    for (i = 0; i < rows; i++) {
        Y[i] = X[i][0];
        for (j = 1; j < cols; j++)
            Y[i] = fmaxf(Y[i], X[i][j]);

    }
#pragma endscop
}
