/* Refused: dereferences a null pointer. */
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  volatile double *nowhere = 0;
  for (int i = 0; i < n; i++) C[i] = 2.0 * A[i] + B[i];
  *nowhere = C[0];
}
