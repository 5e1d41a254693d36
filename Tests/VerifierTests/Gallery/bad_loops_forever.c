/* Refused: never returns. */
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  volatile int forever = 1;
  while (forever) { C[0] = 2.0 * A[0] + B[0] + n; }
}
