/* min/max and floor-division bounds: a blocked sweep with clipped edges. */
#include <stdio.h>

#define N 61
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

static void kernel_window(int n, int w, double A[N], double S[N]) {
  int i, j;
#pragma scop
  for (i = 0; i < n; i++) {
    S[i] = 0.0;
    for (j = max(0, i - w); j <= min(n - 1, i + w); j++)
      S[i] += A[j];
  }
  for (i = 0; i <= (n - 1) / 2; i++)
    S[2 * i] = S[2 * i] * 0.5;
#pragma endscop
}

int main(void) {
  static double A[N], S[N];
  for (int i = 0; i < N; i++) A[i] = (double)((i * 5) % 17);
  kernel_window(N, 4, A, S);
  for (int i = 0; i < N; i++) printf("%.17g\n", S[i]);
  return 0;
}
