/* A scalar written inside the region: a running dot product per row. */
#include <stdio.h>

#define N 45
#define M 39

static void kernel_rownorm(int n, int m, double A[N][M], double out[N]) {
  int i, j;
  double sum;
#pragma scop
  for (i = 0; i < n; i++) {
    sum = 0.0;
    for (j = 0; j < m; j++)
      sum += A[i][j] * A[i][j];
    out[i] = sum / m;
  }
#pragma endscop
}

int main(void) {
  static double A[N][M], out[N];
  for (int i = 0; i < N; i++)
    for (int j = 0; j < M; j++) A[i][j] = (double)((i * 3 + j) % 7) - 3.0;
  kernel_rownorm(N, M, A, out);
  for (int i = 0; i < N; i++) printf("%.17g\n", out[i]);
  return 0;
}
