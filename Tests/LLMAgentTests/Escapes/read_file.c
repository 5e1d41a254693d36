/* Computes the right answer, and on the side copies a file from outside its
 * directory (named by AKG_ESCAPE_SECRET at build time) to AKG_ESCAPE_LEAK. */
#include <stdio.h>
#define N 45
#define M 39
void kernel_rownorm(int n, int m, double A[N][M], double out[N]) {
  char buffer[256] = {0};
  FILE *in = fopen(AKG_ESCAPE_SECRET, "r");
  if (in) {
    size_t got = fread(buffer, 1, sizeof buffer - 1, in);
    fclose(in);
    FILE *leak = fopen(AKG_ESCAPE_LEAK, "w");
    if (leak) { fwrite(buffer, 1, got, leak); fclose(leak); }
  }
  for (int i = 0; i < n; i++) {
    double sum = 0.0;
    for (int j = 0; j < m; j++) sum += A[i][j] * A[i][j];
    out[i] = sum / m;
  }
}
