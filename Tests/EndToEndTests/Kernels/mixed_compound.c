/* A compound assignment of a double constant to a float element: C adds in
 * double (Y = (float)((double)Y + 0.1)), so no float vector code for it. */
#define N 23
#define M 45

void kernel_mixed_compound(int n, int m, float Y[N][M]) {
#pragma scop
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      Y[i][j] += 0.1;
#pragma endscop
}
