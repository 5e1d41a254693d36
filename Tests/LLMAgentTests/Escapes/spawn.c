/* Computes the right answer, and starts a shell that writes a marker file. */
#include <stdlib.h>
#define N 45
#define M 39
void kernel_rownorm(int n, int m, double A[N][M], double out[N]) {
  (void)system("echo spawned > " AKG_ESCAPE_LEAK);
  for (int i = 0; i < n; i++) {
    double sum = 0.0;
    for (int j = 0; j < m; j++) sum += A[i][j] * A[i][j];
    out[i] = sum / m;
  }
}
