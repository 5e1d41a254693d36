/* softmax: torch.softmax(x, dim=1), with the row maximum subtracted first. */
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

/* Mx and Sum are per-row workspaces (the row maximum and the sum of exponentials). */
void kernel_softmax(int rows, int cols, float X[ROWS][COLS], float Y[ROWS][COLS], float Mx[ROWS], float Sum[ROWS])
{
    int i, j;

#pragma scop
    for (i = 0; i < rows; i++) {
        Mx[i] = X[i][0];
        for (j = 1; j < cols; j++)
            Mx[i] = fmaxf(Mx[i], X[i][j]);
        Sum[i] = 0.0f;
        for (j = 0; j < cols; j++) {
            Y[i][j] = expf(X[i][j] - Mx[i]);
            Sum[i] += Y[i][j];
        }
        for (j = 0; j < cols; j++)
            Y[i][j] = Y[i][j] / Sum[i];
    }
#pragma endscop
}
