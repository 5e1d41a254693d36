/* A scalar local computed once and read by a later, parallel loop: the
 * Triton lowering runs these as two launches (one program, then one per i),
 * so the local's value must outlive the first launch and reach every
 * program of the second. */
#include <math.h>

#define N 300

void kernel_local_across_phases(int n, double alpha, double x[N], double y[N]) {
  double e;
#pragma scop
  e = exp(-alpha) + 1.0;
  for (int i = 0; i < n; i++)
    y[i] = e * x[i];
#pragma endscop
}
