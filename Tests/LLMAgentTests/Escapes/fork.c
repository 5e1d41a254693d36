/* Starts a process without exec: fork, the child leaves at once. If the
 * fork worked, out[0] is made wrong on purpose, so the verifier's verdict
 * shows whether processes are contained (refused: not contained). */
#include <sys/wait.h>
#include <unistd.h>
#define N 45
#define M 39
void kernel_rownorm(int n, int m, double A[N][M], double out[N]) {
  pid_t child = fork();
  if (child == 0) _exit(0);
  if (child > 0) waitpid(child, 0, 0);
  for (int i = 0; i < n; i++) {
    double sum = 0.0;
    for (int j = 0; j < m; j++) sum += A[i][j] * A[i][j];
    out[i] = sum / m;
  }
  if (child > 0) out[0] += 1.0;
}
