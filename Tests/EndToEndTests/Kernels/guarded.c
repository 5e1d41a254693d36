/* An affine if inside the loops: only the upper band of a matrix is updated. */
#include <stdio.h>

#define N 37

static void kernel_band(int n, double A[N][N], double B[N][N]) {
  int i, j;
#pragma scop
  for (i = 1; i < n; i++)
    for (j = 1; j < n; j++)
      if (j >= i - 2 && j <= i + 3 && i + j < 2 * n - 5)
        A[i][j] = A[i - 1][j - 1] * 0.5 + B[i][j];
#pragma endscop
}

int main(void) {
  static double A[N][N], B[N][N];
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) { A[i][j] = (double)(i * j % 5); B[i][j] = (double)((i + j) % 3) / 3.0; }
  kernel_band(N, A, B);
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) printf("%.17g\n", A[i][j]);
  return 0;
}
