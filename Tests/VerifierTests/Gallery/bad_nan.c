/* Refused: a NaN where the reference has a number. */
#include <math.h>
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  for (int i = 0; i < n; i++) C[i] = i == n / 2 ? NAN : 2.0 * A[i] + B[i];
}
