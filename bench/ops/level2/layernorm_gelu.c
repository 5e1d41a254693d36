/* layernorm_gelu: torch.nn.functional.gelu(torch.nn.functional.layer_norm(x, (COLS,), weight=g, bias=b, eps=1e-5), approximate='tanh'). */
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

/* Mean and Var are per-row workspaces; the variance is the biased one, as in PyTorch. */
void kernel_layernorm_gelu(int rows, int cols, float X[ROWS][COLS], float G[COLS], float Bias[COLS], float Y[ROWS][COLS],
                           float Mean[ROWS], float Var[ROWS])
{
    int i, j;

#pragma scop
    for (i = 0; i < rows; i++) {
        Mean[i] = 0.0f;
        for (j = 0; j < cols; j++)
            Mean[i] += X[i][j];
        Mean[i] = Mean[i] / (float)cols;
        Var[i] = 0.0f;
        for (j = 0; j < cols; j++)
            Var[i] += (X[i][j] - Mean[i]) * (X[i][j] - Mean[i]);
        Var[i] = Var[i] / (float)cols;
        for (j = 0; j < cols; j++)
            Y[i][j] = (X[i][j] - Mean[i]) / sqrtf(Var[i] + 1e-5f) * G[j] + Bias[j];
        for (j = 0; j < cols; j++)
            Y[i][j] = 0.5f * Y[i][j] * (1.0f + tanhf(0.7978845608f * (Y[i][j] + 0.044715f * Y[i][j] * Y[i][j] * Y[i][j])));
    }
#pragma endscop
}
