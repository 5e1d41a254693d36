/* Typed entry points for variadic C functions, which Swift cannot call.
 * One wrapper per argument type, so the compiler checks each call site. */
#ifndef AKG_SYSTEM_SHIMS_H
#define AKG_SYSTEM_SHIMS_H

#include <curl/curl.h>

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

#endif
