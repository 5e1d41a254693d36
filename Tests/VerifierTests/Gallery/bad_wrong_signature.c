/* Refused before it runs: the function takes floats, not doubles. */
void saxpy(int n, float A[1000], float B[1000], float C[1000]) {
  for (int i = 0; i < n; i++) C[i] = 2.0f * A[i] + B[i];
}
