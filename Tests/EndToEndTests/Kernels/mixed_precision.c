/* A float statement with a double constant: C computes it in double, so the
 * CPU backend must not write it as float vector code. */
#define N 23
#define M 45

void kernel_mixed(int n, int m, float X[N][M], float Y[N][M]) {
#pragma scop
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      Y[i][j] = X[i][j] * 0.1 + 1.0f;
#pragma endscop
}
