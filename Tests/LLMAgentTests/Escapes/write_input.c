/* Computes the right answer from the input, then scribbles on the input. */
#define N 45
#define M 39
void kernel_rownorm(int n, int m, double A[N][M], double out[N]) {
  for (int i = 0; i < n; i++) {
    double sum = 0.0;
    for (int j = 0; j < m; j++) sum += A[i][j] * A[i][j];
    out[i] = sum / m;
  }
  if (n > 0 && m > 0) A[0][0] = 42.0;
}
