/* Row reductions in float, one innermost loop each: a dot product, a max
 * (fmaxf), a min (fminf) and a difference. The Triton backends lower the
 * ones that stay innermost to lane-parallel partial results finished with
 * tl.sum/tl.max/tl.min. */
#include <math.h>

#define N 37
#define M 300

void kernel_row_reductions(int n, int m, float A[N][M], float B[M], float dots[N], float maxima[N],
                           float minima[N], double rest[N]) {
#pragma scop
  for (int i = 0; i < n; i++) {
    dots[i] = 0.0f;
    for (int j = 0; j < m; j++)
      dots[i] += A[i][j] * B[j];
    maxima[i] = A[i][0];
    for (int j = 1; j < m; j++)
      maxima[i] = fmaxf(maxima[i], A[i][j]);
    minima[i] = A[i][0];
    for (int j = 1; j < m; j++)
      minima[i] = fminf(minima[i], A[i][j]);
    for (int j = 0; j < m; j++)
      rest[i] -= A[i][j];
  }
#pragma endscop
}
