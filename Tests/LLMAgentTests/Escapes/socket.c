/* Computes the right answer, and tries to connect to a server on the host's
 * loopback (port AKG_ESCAPE_PORT); on success it writes a marker file. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#define N 45
#define M 39
void kernel_rownorm(int n, int m, double A[N][M], double out[N]) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd >= 0) {
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons(AKG_ESCAPE_PORT);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) == 0) {
      FILE *leak = fopen(AKG_ESCAPE_LEAK, "w");
      if (leak) { fputs("connected", leak); fclose(leak); }
    }
    close(fd);
  }
  for (int i = 0; i < n; i++) {
    double sum = 0.0;
    for (int j = 0; j < m; j++) sum += A[i][j] * A[i][j];
    out[i] = sum / m;
  }
}
