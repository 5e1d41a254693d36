/* Row reductions in float: a sum (with a scale), a max, and a sum of squares
 * into a scalar — innermost loops the CPU backend vectorises as reductions. */
#include <math.h>

#define N 67
#define M 203

void kernel_rows(int n, int m, float X[N][M], float sums[N], float maxima[N], float norms[N]) {
  float acc;
#pragma scop
  for (int i = 0; i < n; i++) {
    sums[i] = 0.0f;
    for (int j = 0; j < m; j++)
      sums[i] += 0.5f * X[i][j];
    maxima[i] = X[i][0];
    for (int j = 1; j < m; j++)
      maxima[i] = fmaxf(maxima[i], X[i][j]);
    acc = 0.0f;
    for (int j = 0; j < m; j++)
      acc += X[i][j] * X[i][j];
    norms[i] = sqrtf(acc);
  }
#pragma endscop
}
