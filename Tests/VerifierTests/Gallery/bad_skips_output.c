/* Refused: never writes its output. */
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  (void)n; (void)A; (void)B; (void)C;
}
