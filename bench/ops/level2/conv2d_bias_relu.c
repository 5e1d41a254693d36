/* conv2d_bias_relu: torch.relu(torch.nn.functional.conv2d(x, w, b)), NCHW, 3x3 kernel, stride 1, no padding. */
#include <math.h>

#ifdef MINI_DATASET
# define NB 2
# define CI 3
# define CO 4
# define IH 9
# define IW 10
#endif
#ifndef NB
# define NB 2
#endif
#ifndef CI
# define CI 32
#endif
#ifndef CO
# define CO 64
#endif
#ifndef IH
# define IH 58
#endif
#ifndef IW
# define IW 58
#endif
#define KH 3
#define KW 3

void kernel_conv2d_bias_relu(int nb, int ci, int co, int ih, int iw, float X[NB][CI][IH][IW], float Wt[CO][CI][KH][KW],
                             float Bias[CO], float Y[NB][CO][IH - KH + 1][IW - KW + 1])
{
    int n, o, c, p, q, r, s;

#pragma scop
    for (n = 0; n < nb; n++)
        for (o = 0; o < co; o++)
            for (p = 0; p < ih - KH + 1; p++)
                for (q = 0; q < iw - KW + 1; q++) {
                    Y[n][o][p][q] = Bias[o];
                    for (c = 0; c < ci; c++)
                        for (r = 0; r < KH; r++)
                            for (s = 0; s < KW; s++)
                                Y[n][o][p][q] += X[n][c][p + r][q + s] * Wt[o][c][r][s];
                    Y[n][o][p][q] = fmaxf(Y[n][o][p][q], 0.0f);
                }
#pragma endscop
}
