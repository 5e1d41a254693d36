/* avg_pool2d: torch.nn.functional.avg_pool2d(x, 2), NCHW, 2x2 window, stride 2. */
#include <math.h>

#ifdef MINI_DATASET
# define NB 2
# define CH 3
# define OH 5
# define OW 6
#endif
#ifndef NB
# define NB 8
#endif
#ifndef CH
# define CH 32
#endif
#ifndef OH
# define OH 128
#endif
#ifndef OW
# define OW 128
#endif

/* The input is 2*OH x 2*OW; the output OH x OW. */
void kernel_avg_pool2d(int nb, int ch, int oh, int ow, float X[NB][CH][2 * OH][2 * OW], float Y[NB][CH][OH][OW])
{
    int n, c, p, q;

#pragma scop
    for (n = 0; n < nb; n++)
        for (c = 0; c < ch; c++)
            for (p = 0; p < oh; p++)
                for (q = 0; q < ow; q++)
                    Y[n][c][p][q] = 0.25f * (X[n][c][2 * p][2 * q] + X[n][c][2 * p][2 * q + 1] +
                                          X[n][c][2 * p + 1][2 * q] + X[n][c][2 * p + 1][2 * q + 1]);
#pragma endscop
}
