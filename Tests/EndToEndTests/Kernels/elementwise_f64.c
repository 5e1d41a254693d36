/* The double forms of elementwise.c's vectorisable statements (no
 * approximations: those are float only). */
#include <math.h>

#define N 29
#define M 131

void kernel_elementwise_f64(int n, int m, double X[N][M], float R[N], double A[N][M]) {
#pragma scop
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) {
      A[i][j] = fmax(X[i][j], 0.0) * 0.5 + fmin(R[i], X[i][j]) - fabs(X[i][j]);
      A[i][j] += X[i][j] * R[i];
    }
#pragma endscop
}
