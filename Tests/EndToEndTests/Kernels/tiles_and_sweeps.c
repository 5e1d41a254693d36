/* Two mappings of the Triton-family lowering, at sizes that leave partial
 * blocks on every edge:
 * - a 2-D elementwise nest whose loads move with both axes (A), with the
 *   rows only (r) and with the columns only (c): a BLOCK_Y x BLOCK tile per
 *   program, where r and c are loaded under the mask reduced over the
 *   other axis;
 * - a recurrence down each column (dependence-free across columns) and a
 *   backward sweep: every lane runs the sequential loops for its column,
 *   one block of columns per program. */
#define N 13
#define M 37

void kernel_tiles_and_sweeps(int n, int m, double A[N][M], double r[N], double c[M], double B[N][M],
                             double Y[N][M]) {
#pragma scop
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      B[i][j] = A[i][j] * r[i] + c[j];
  for (int j = 0; j < m; j++) {
    Y[0][j] = A[0][j];
    for (int i = 1; i < n; i++)
      Y[i][j] = 0.5 * Y[i - 1][j] + A[i][j];
    for (int i = n - 2; i >= 0; i--)
      Y[i][j] = Y[i][j] - 0.25 * Y[i + 1][j];
  }
#pragma endscop
}
