/* Accepted: two partial sums, a legitimate reassociation within tolerance. */
void dot(int n, double A[1000], double B[1000], double out[1]) {
  double even = 0.0, odd = 0.0;
  int i;
  for (i = 0; i + 1 < n; i += 2) { even += A[i] * B[i]; odd += A[i + 1] * B[i + 1]; }
  if (i < n) even += A[i] * B[i];
  out[0] = even + odd;
}
