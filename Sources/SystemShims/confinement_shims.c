/* Confinement of the runner process: Landlock for the filesystem, a seccomp
 * filter for processes. Both are inherited by every thread and child created
 * afterwards, and neither can be lifted by the code that runs under them.
 *
 * The constants past Landlock ABI 2 are defined here by value, because
 * Debian's kernel headers (linux-libc-dev) lag behind the kernels these
 * machines run; the kernel tells us its ABI version and we only ask for
 * rights it knows. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "akg_system_shims.h"

#define FS_EXECUTE (1ULL << 0)
#define FS_WRITE_FILE (1ULL << 1)
#define FS_READ_FILE (1ULL << 2)
#define FS_READ_DIR (1ULL << 3)
#define FS_REMOVE_DIR (1ULL << 4)
#define FS_REMOVE_FILE (1ULL << 5)
#define FS_MAKE_CHAR (1ULL << 6)
#define FS_MAKE_DIR (1ULL << 7)
#define FS_MAKE_REG (1ULL << 8)
#define FS_MAKE_SOCK (1ULL << 9)
#define FS_MAKE_FIFO (1ULL << 10)
#define FS_MAKE_BLOCK (1ULL << 11)
#define FS_MAKE_SYM (1ULL << 12)
#define FS_REFER (1ULL << 13)      /* ABI 2 */
#define FS_TRUNCATE (1ULL << 14)   /* ABI 3 */
#define FS_IOCTL_DEV (1ULL << 15)  /* ABI 5 */
#define NET_BIND_TCP (1ULL << 0)   /* ABI 4 */
#define NET_CONNECT_TCP (1ULL << 1)
#define SCOPE_ABSTRACT_UNIX (1ULL << 0) /* ABI 6 */
#define SCOPE_SIGNAL (1ULL << 1)

/* The ruleset attribute as of ABI 6; older kernels are given a prefix. */
struct akg_ruleset_attr {
    unsigned long long handled_access_fs;
    unsigned long long handled_access_net;
    unsigned long long scoped;
};

/* Rights that only make sense on a directory. */
#define FS_DIRECTORY_ONLY (FS_READ_DIR | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_CHAR | FS_MAKE_DIR | \
                           FS_MAKE_REG | FS_MAKE_SOCK | FS_MAKE_FIFO | FS_MAKE_BLOCK | FS_MAKE_SYM | FS_REFER)

int akg_landlock_abi(void) {
    long version = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return version < 0 ? -1 : (int)version;
}

static unsigned long long handled_fs(int abi) {
    unsigned long long rights = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_READ_DIR | FS_REMOVE_DIR |
        FS_REMOVE_FILE | FS_MAKE_CHAR | FS_MAKE_DIR | FS_MAKE_REG | FS_MAKE_SOCK | FS_MAKE_FIFO |
        FS_MAKE_BLOCK | FS_MAKE_SYM;
    if (abi >= 2) rights |= FS_REFER;
    if (abi >= 3) rights |= FS_TRUNCATE;
    if (abi >= 5) rights |= FS_IOCTL_DEV;
    return rights;
}

/* Adds one path-beneath rule; a path that does not exist is skipped (not
 * every system has /lib64 or /opt). Returns 0, or -1 with `why` filled. */
static int allow(int ruleset, const char *path, unsigned long long rights, unsigned long long handled,
                 char *why, size_t why_size) {
    struct landlock_path_beneath_attr rule;
    struct stat info;
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT || errno == ENOTDIR ? 0 : (snprintf(why, why_size, "cannot open %s: %s", path, strerror(errno)), -1);
    if (fstat(fd, &info) == 0 && !S_ISDIR(info.st_mode)) rights &= ~FS_DIRECTORY_ONLY;
    memset(&rule, 0, sizeof rule);
    rule.allowed_access = rights & handled;
    rule.parent_fd = fd;
    if (rule.allowed_access != 0 &&
        syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0) {
        snprintf(why, why_size, "landlock_add_rule(%s): %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int akg_confine_filesystem(const char *const *readable, size_t readable_count,
                           const char *const *writable, size_t writable_count,
                           const char *const *executable, size_t executable_count,
                           char *why, size_t why_size) {
    struct akg_ruleset_attr attributes;
    size_t attributes_size;
    int abi = akg_landlock_abi();
    int ruleset;
    size_t k;
    unsigned long long read_rights = FS_READ_FILE | FS_READ_DIR;
    unsigned long long all;
    if (abi < 1) {
        snprintf(why, why_size, "this kernel has no Landlock (%s)", strerror(errno));
        return -1;
    }
    all = handled_fs(abi);
    memset(&attributes, 0, sizeof attributes);
    attributes.handled_access_fs = all;
    attributes_size = sizeof attributes.handled_access_fs;
    if (abi >= 4) {
        /* TCP is already cut off by the empty network namespace; handling
         * it here with no rule denies it again where unshare was refused. */
        attributes.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP;
        attributes_size = offsetof(struct akg_ruleset_attr, scoped);
    }
    if (abi >= 6) {
        /* No signals to processes outside this domain, no abstract Unix
         * sockets bound outside it. */
        attributes.scoped = SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL;
        attributes_size = sizeof attributes;
    }
    ruleset = (int)syscall(SYS_landlock_create_ruleset, &attributes, attributes_size, 0);
    if (ruleset < 0) {
        snprintf(why, why_size, "landlock_create_ruleset: %s", strerror(errno));
        return -1;
    }
    for (k = 0; k < readable_count; k++)
        if (allow(ruleset, readable[k], read_rights, all, why, why_size) != 0) goto failed;
    for (k = 0; k < executable_count; k++)
        if (allow(ruleset, executable[k], read_rights | FS_EXECUTE, all, why, why_size) != 0) goto failed;
    for (k = 0; k < writable_count; k++)
        if (allow(ruleset, writable[k], all & ~FS_EXECUTE, all, why, why_size) != 0) goto failed;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(why, why_size, "prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
        goto failed;
    }
    if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
        snprintf(why, why_size, "landlock_restrict_self: %s", strerror(errno));
        goto failed;
    }
    close(ruleset);
    return abi;
failed:
    close(ruleset);
    return -1;
}

#if defined(__x86_64__)
#define AKG_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AKG_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#define DENY(errno_value) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((errno_value) & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
/* The low 32 bits of argument n (little-endian: the int the kernel reads). */
#define LOAD_ARG(n) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[n]))

int akg_confine_processes(int allow_processes, char *why, size_t why_size) {
#ifndef AKG_AUDIT_ARCH
    (void)allow_processes;
    snprintf(why, why_size, "no seccomp filter for this architecture");
    return -1;
#else
    /* System calls no kernel needs: administration, other processes'
     * memory, new namespaces, kernel modules. */
    static const int administration[] = {
        SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev, SYS_mount, SYS_umount2, SYS_pivot_root,
        SYS_chroot, SYS_setns, SYS_unshare, SYS_bpf, SYS_perf_event_open, SYS_kexec_load, SYS_init_module,
        SYS_finit_module, SYS_delete_module, SYS_reboot, SYS_swapon, SYS_swapoff, SYS_keyctl, SYS_add_key,
        SYS_request_key, SYS_userfaultfd, SYS_open_by_handle_at, SYS_name_to_handle_at,
#ifdef SYS_kexec_file_load
        SYS_kexec_file_load,
#endif
#ifdef SYS_pidfd_getfd
        SYS_pidfd_getfd,
#endif
    };
    /* Starting programs and processes; sockets of any family. */
    static const int processes[] = {
        SYS_execve, SYS_execveat, SYS_socket, SYS_socketpair,
#ifdef SYS_fork
        SYS_fork,
#endif
#ifdef SYS_vfork
        SYS_vfork,
#endif
        SYS_tkill,
    };
    struct sock_filter program[128];
    size_t length = 0, k;
    pid_t self = getpid();
    struct sock_fprog fprog;
    size_t administration_count = sizeof administration / sizeof administration[0];
    size_t process_count = allow_processes ? 0 : sizeof processes / sizeof processes[0];

#define EMIT(statement) program[length++] = (struct sock_filter)statement
    EMIT(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AKG_AUDIT_ARCH, 1, 0));
    EMIT(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    EMIT(LOAD_NR);
#if defined(__x86_64__)
    /* x32 system calls would bypass every number below. */
    EMIT(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
    EMIT(DENY(EPERM));
#endif
    for (k = 0; k < administration_count; k++) {
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)administration[k], 0, 1));
        EMIT(DENY(EPERM));
    }
    if (!allow_processes) {
        for (k = 0; k < process_count; k++) {
            EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)processes[k], 0, 1));
            EMIT(DENY(EPERM));
        }
        /* clone3 hides its flags behind a pointer; ENOSYS makes the C
         * library fall back to clone, whose flags we can read. */
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1));
        EMIT(DENY(ENOSYS));
        /* clone: threads (OpenMP's workers) yes, new processes no. */
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4));
        EMIT(LOAD_ARG(0));
        EMIT(BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1));
        EMIT(ALLOW);
        EMIT(DENY(EPERM));
        /* Signals only to this process (raise, abort, its own group). */
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kill, 0, 5));
        EMIT(LOAD_ARG(0));
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)self, 2, 0));
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0));
        EMIT(DENY(EPERM));
        EMIT(ALLOW);
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_tgkill, 0, 4));
        EMIT(LOAD_ARG(0));
        EMIT(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)self, 1, 0));
        EMIT(DENY(EPERM));
        EMIT(ALLOW);
    }
    EMIT(ALLOW);
#undef EMIT

    fprog.len = (unsigned short)length;
    fprog.filter = program;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(why, why_size, "prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
        return -1;
    }
    /* TSYNC: every thread the runner already has gets the filter too. */
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &fprog) != 0) {
        snprintf(why, why_size, "seccomp: %s", strerror(errno));
        return -1;
    }
    return 0;
#endif
}
