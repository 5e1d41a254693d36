/* Looks for an API key in its environment (the host's holds the LLM
 * provider's); copies it to AKG_ESCAPE_LEAK if found, and makes out[0]
 * wrong, so either the leak file or the verdict shows the key was visible. */
#include <stdio.h>
#include <stdlib.h>
#define N 45
#define M 39
void kernel_rownorm(int n, int m, double A[N][M], double out[N]) {
  const char *key = getenv("OPENAI_API_KEY");
  if (key) {
    FILE *leak = fopen(AKG_ESCAPE_LEAK, "w");
    if (leak) { fputs(key, leak); fclose(leak); }
  }
  for (int i = 0; i < n; i++) {
    double sum = 0.0;
    for (int j = 0; j < m; j++) sum += A[i][j] * A[i][j];
    out[i] = sum / m;
  }
  if (key) out[0] += 1.0;
}
