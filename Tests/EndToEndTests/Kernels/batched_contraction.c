/* A batched contraction in float with B transposed and a scale,
 * C[b][i][j] += alpha * A[b][i][k] * B[b][j][k], next to an elementwise
 * statement that must keep its own loops. The Triton backends compute the
 * contraction with tl.dot on tiles; 37 x 29 x 40 leaves partial tiles at
 * every edge (of 16 x 16 tiles and the default DOT_K of 32). */
#define NB 2
#define NI 37
#define NJ 29
#define NK 40

void kernel_batched_contraction(int nb, int ni, int nj, int nk, float alpha, float A[NB][NI][NK],
                                float B[NB][NJ][NK], float C[NB][NI][NJ], float D[NB][NI][NJ]) {
#pragma scop
  for (int b = 0; b < nb; b++)
    for (int i = 0; i < ni; i++)
      for (int j = 0; j < nj; j++)
        for (int k = 0; k < nk; k++)
          C[b][i][j] += alpha * A[b][i][k] * B[b][j][k];
  for (int b = 0; b < nb; b++)
    for (int i = 0; i < ni; i++)
      for (int j = 0; j < nj; j++)
        D[b][i][j] = 2.0f * C[b][i][j];
#pragma endscop
}
