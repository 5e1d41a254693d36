/* Refused: unrolled by two with no remainder loop, so odd n miss the last element. */
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  for (int i = 0; i + 1 < n; i += 2) {
    C[i] = 2.0 * A[i] + B[i];
    C[i + 1] = 2.0 * A[i + 1] + B[i + 1];
  }
}
