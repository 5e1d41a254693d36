/* A reduction: out[0] = sum of A[i] * B[i]. */
void dot(int n, double A[1000], double B[1000], double out[1]) {
  int i;
#pragma scop
  out[0] = 0.0;
  for (i = 0; i < n; i++)
    out[0] += A[i] * B[i];
#pragma endscop
}
