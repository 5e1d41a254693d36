/* The Ascend backend's functions: initialize is its own (it chooses the
 * target profile); the rest are shared by the Triton-family backends
 * (Plugins/TritonShared) and referenced from the C tables in entry.c. */
#ifndef AKG_ASCEND_ENTRY_H
#define AKG_ASCEND_ENTRY_H

#include "akg_plugin.h"

akg_status akg_ascend_initialize(const akg_host *host, const char *plugin_path, void **state);
void akg_tritonfamily_shutdown(void *state);
akg_status akg_tritonfamily_capabilities(void *state, akg_call *call);
akg_status akg_tritonfamily_generate(void *state, akg_call *call, const akg_program *program);
akg_status akg_tritonfamily_build(void *state, akg_call *call, const akg_artifact *sources,
                                  size_t source_count, akg_str options);
akg_status akg_tritonfamily_load(void *state, akg_call *call, const akg_load_request *request,
                                 void **kernel);
akg_status akg_tritonfamily_run(void *kernel, akg_call *call, const akg_run_request *request,
                                akg_run_stats *stats);
void akg_tritonfamily_unload(void *kernel);

#endif
