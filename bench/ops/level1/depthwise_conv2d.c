/* depthwise_conv2d: torch.nn.functional.conv2d(x, w, groups=C), NCHW, 3x3 kernel, stride 1, no padding. */
#include <math.h>

#ifdef MINI_DATASET
# define NB 2
# define CH 3
# define IH 9
# define IW 10
#endif
#ifndef NB
# define NB 8
#endif
#ifndef CH
# define CH 64
#endif
#ifndef IH
# define IH 130
#endif
#ifndef IW
# define IW 130
#endif
#define KH 3
#define KW 3

void kernel_depthwise_conv2d(int nb, int ch, int ih, int iw, float X[NB][CH][IH][IW], float Wt[CH][KH][KW],
                             float Y[NB][CH][IH - KH + 1][IW - KW + 1])
{
    int n, c, p, q, r, s;

#pragma scop
    for (n = 0; n < nb; n++)
        for (c = 0; c < ch; c++)
            for (p = 0; p < ih - KH + 1; p++)
                for (q = 0; q < iw - KW + 1; q++) {
                    Y[n][c][p][q] = 0.0f;
                    for (r = 0; r < KH; r++)
                        for (s = 0; s < KW; s++)
                            Y[n][c][p][q] += X[n][c][p + r][q + s] * Wt[c][r][s];
                }
#pragma endscop
}
