/* Typed entry points for variadic C functions, which Swift cannot call.
 * One wrapper per argument type, so the compiler checks each call site. */
#ifndef AKG_SYSTEM_SHIMS_H
#define AKG_SYSTEM_SHIMS_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

/* curl_easy_setopt for options whose argument is a long. */
CURLcode akg_curl_setopt_long(CURL *handle, CURLoption option, long value);
/* curl_easy_setopt for options whose argument is a NUL-terminated string. */
CURLcode akg_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
/* curl_easy_setopt for options whose argument is a data pointer or a list. */
CURLcode akg_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/* curl_easy_setopt for CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION. */
CURLcode akg_curl_setopt_write_callback(CURL *handle, CURLoption option,
                                        size_t (*callback)(char *, size_t, size_t, void *));
/* curl_easy_getinfo for CURLINFO_* values that are longs. */
CURLcode akg_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/* Moves the calling process into a new, empty network namespace (no
 * interfaces but a down loopback), so code it runs cannot reach a network.
 * Returns 0, or -1 with errno set when the kernel or privileges refuse. */
int akg_isolate_network(void);

/* Installs SIGSEGV/SIGBUS handlers that, before the process dies of the
 * fault, write one line to `fd`: "guard K" when the faulting address lies in
 * [starts[K], ends[K]) — a guard page next to a tensor — or "fault" for any
 * other address. The default action (death by the signal) then follows. The
 * arrays are copied; at most 4096 ranges are kept. Returns 0 or -1. */
int akg_install_fault_reporter(int fd, const uintptr_t *starts, const uintptr_t *ends, size_t count);

/* The Landlock ABI version this kernel offers, or -1 when it has none. */
int akg_landlock_abi(void);

/* Confines the calling thread, and every thread and process it creates
 * afterwards, to the given paths with Landlock: `readable` may be read
 * (files and directory listings), `executable` read and executed,
 * `writable` read, written, created and removed in. Everything else in the
 * filesystem is out of reach; on Landlock ABI 4+ TCP bind/connect are
 * denied and on ABI 6+ signals and abstract Unix sockets cannot leave the
 * domain. Paths that do not exist are skipped. Returns the ABI version
 * used, or -1 with the reason written to `why`. */
int akg_confine_filesystem(const char *const *readable, size_t readable_count,
                           const char *const *writable, size_t writable_count,
                           const char *const *executable, size_t executable_count,
                           char *why, size_t why_size);

/* Installs a seccomp filter on every thread of the process. Always denied:
 * ptrace, other processes' memory, mount, namespaces, bpf, perf events,
 * kernel modules and keys. Unless `allow_processes`, also denied: execve,
 * fork/vfork, clone without CLONE_THREAD (threads are allowed), sockets,
 * and signals to other processes. Returns 0, or -1 with `why` filled. */
int akg_confine_processes(int allow_processes, char *why, size_t why_size);

#endif
