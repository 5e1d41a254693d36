/* C99 variable-length array parameters: sizes are kernel parameters. */
#include <stdio.h>
#include <stdlib.h>

static void kernel_matmul(int n, int m, int k, double C[n][m], double A[n][k], double B[k][m]) {
  int i, j, l;
#pragma scop
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++) {
      C[i][j] = 0.0;
      for (l = 0; l < k; l++)
        C[i][j] += A[i][l] * B[l][j];
    }
#pragma endscop
}

int main(void) {
  int n = 35, m = 41, k = 29;
  double (*C)[m] = malloc(sizeof(double[n][m]));
  double (*A)[k] = malloc(sizeof(double[n][k]));
  double (*B)[m] = malloc(sizeof(double[k][m]));
  for (int i = 0; i < n; i++)
    for (int l = 0; l < k; l++) A[i][l] = (double)((i + 2 * l) % 9) / 9.0;
  for (int l = 0; l < k; l++)
    for (int j = 0; j < m; j++) B[l][j] = (double)((3 * l + j) % 7) / 7.0;
  kernel_matmul(n, m, k, C, A, B);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) printf("%.17g\n", C[i][j]);
  free(C); free(A); free(B);
  return 0;
}
