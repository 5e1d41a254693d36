/* Refused: reads one element past the end of B when n is the full size. */
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  for (int i = 0; i < n; i++) C[i] = 2.0 * A[i] + B[i] + 0.0 * B[i + 1];
}
