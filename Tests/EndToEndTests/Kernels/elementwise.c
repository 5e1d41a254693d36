/* Elementwise float statements with the forms the CPU backend writes as
 * explicit vector code: stride-1 loads and stores, broadcast row values, a
 * compound assignment, fmaxf/fminf/fabsf and expf/tanhf over ranges that
 * reach overflow (inf), underflow (0 and subnormals) and saturation. M is no
 * multiple of any vector width, so remainder loops always run. */
#include <math.h>

#define N 37
#define M 203

void kernel_elementwise(int n, int m, float X[N][M], float R[N], float A[N][M], float B[N][M], float C[N][M],
                        float D[N][M]) {
#pragma scop
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) {
      A[i][j] = fmaxf(X[i][j], 0.0f) + fminf(R[i], X[i][j]) * 2;
      B[i][j] = expf(95.0f * X[i][j]) + expf(-110.0f * X[i][j] - R[i]);
      C[i][j] = tanhf(10.0f * X[i][j]) - tanhf(0.01f * X[i][j]) * fabsf(X[i][j] - R[i]);
      D[i][j] = X[i][j] / (R[i] + 3.0f);
      D[i][j] -= -X[i][j];
    }
#pragma endscop
}
