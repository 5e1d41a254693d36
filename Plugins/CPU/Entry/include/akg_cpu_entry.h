/* The CPU backend's functions, implemented in Swift (Plugins/CPU/Backend)
 * with @_cdecl, and referenced from the C tables in entry.c. The interface
 * lookup itself is C, so it can hand out the address of a static table. */
#ifndef AKG_CPU_ENTRY_H
#define AKG_CPU_ENTRY_H

#include "akg_plugin.h"

akg_status akg_cpu_initialize(const akg_host *host, const char *plugin_path, void **state);
void akg_cpu_shutdown(void *state);

akg_status akg_cpu_capabilities(void *state, akg_call *call);
akg_status akg_cpu_generate(void *state, akg_call *call, const akg_program *program);
akg_status akg_cpu_build(void *state, akg_call *call, const akg_artifact *sources,
                         size_t source_count, akg_str options);
akg_status akg_cpu_load(void *state, akg_call *call, const akg_load_request *request,
                        void **kernel);
akg_status akg_cpu_run(void *kernel, akg_call *call, const akg_run_request *request,
                       akg_run_stats *stats);
void akg_cpu_unload(void *kernel);


#endif
