/* Triangular loops: lower-triangular matrix times vector, in place over rows. */
#include <stdio.h>
#include <stdlib.h>

#define N 53

static void kernel_trmv(int n, double L[N][N], double x[N], double y[N]) {
  int i, j;
#pragma scop
  for (i = 0; i < n; i++) {
    y[i] = 0.0;
    for (j = 0; j <= i; j++)
      y[i] += L[i][j] * x[j];
  }
#pragma endscop
}

int main(void) {
  static double L[N][N], x[N], y[N];
  for (int i = 0; i < N; i++) {
    x[i] = (double)((i * 7) % 11) / 11.0;
    for (int j = 0; j < N; j++) L[i][j] = (double)((i + 3 * j) % 13) / 13.0;
  }
  kernel_trmv(N, L, x, y);
  for (int i = 0; i < N; i++) printf("%.17g\n", y[i]);
  return 0;
}
