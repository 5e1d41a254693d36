/* Refused: allocates (and touches) memory without bound. */
#include <stdlib.h>
#include <string.h>
void saxpy(int n, double A[1000], double B[1000], double C[1000]) {
  for (;;) {
    char *block = malloc(64 << 20);
    memset(block, 1, 64 << 20);
    C[0] = 2.0 * A[0] + B[0] + n + block[7];
  }
}
