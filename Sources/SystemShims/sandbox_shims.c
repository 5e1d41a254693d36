/* unshare() and CLONE_NEWNET are GNU extensions that Swift's Glibc module
 * does not expose. */
#define _GNU_SOURCE
#include <sched.h>

#include "akg_system_shims.h"

int akg_isolate_network(void) {
    return unshare(CLONE_NEWNET);
}

#include <signal.h>
#include <string.h>
#include <unistd.h>

#define AKG_MAX_GUARDS 4096

static int fault_fd = -1;
static size_t guard_count;
static uintptr_t guard_starts[AKG_MAX_GUARDS];
static uintptr_t guard_ends[AKG_MAX_GUARDS];

/* Only async-signal-safe calls in here: write(2) and sigaction(2). */
static void report_fault(int signal_number, siginfo_t *info, void *context) {
    char line[32];
    size_t length = 0;
    uintptr_t address = (uintptr_t)info->si_addr;
    size_t k;
    struct sigaction fallback;
    (void)context;
    for (k = 0; k < guard_count; k++) {
        if (address >= guard_starts[k] && address < guard_ends[k]) break;
    }
    if (k < guard_count) {
        char digits[20];
        size_t n = 0;
        size_t value = k;
        memcpy(line, "guard ", 6);
        length = 6;
        do { digits[n++] = (char)('0' + value % 10); value /= 10; } while (value > 0);
        while (n > 0) line[length++] = digits[--n];
    } else {
        memcpy(line, "fault", 5);
        length = 5;
    }
    line[length++] = '\n';
    if (fault_fd >= 0) {
        ssize_t ignored = write(fault_fd, line, length);
        (void)ignored;
    }
    /* Die of the same signal: the faulting access runs again and faults
     * with the default action. */
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(signal_number, &fallback, NULL);
}

int akg_install_fault_reporter(int fd, const uintptr_t *starts, const uintptr_t *ends, size_t count) {
    struct sigaction action;
    size_t k;
    fault_fd = fd;
    guard_count = count < AKG_MAX_GUARDS ? count : AKG_MAX_GUARDS;
    for (k = 0; k < guard_count; k++) {
        guard_starts[k] = starts[k];
        guard_ends[k] = ends[k];
    }
    memset(&action, 0, sizeof action);
    action.sa_sigaction = report_fault;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGSEGV, &action, NULL) != 0) return -1;
    if (sigaction(SIGBUS, &action, NULL) != 0) return -1;
    return 0;
}
