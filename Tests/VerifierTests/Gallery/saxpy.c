/* The reference for the gallery: C = 2A + B over the first n elements. */
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  int i;
#pragma scop
  for (i = 0; i < n; i++)
    C[i] = 2.0 * A[i] + B[i];
#pragma endscop
}
