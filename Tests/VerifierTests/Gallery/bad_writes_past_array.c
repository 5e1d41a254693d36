/* Refused: writes the element just past the end of the array C. */
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  for (int i = 0; i < n; i++) C[i] = 2.0 * A[i] + B[i];
  C[1000] = 0.0;
}
