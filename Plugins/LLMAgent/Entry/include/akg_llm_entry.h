/* The LLM agent strategy's functions, implemented in Swift
 * (Plugins/LLMAgent/Agent/LLMPlugin.swift) with @_cdecl and referenced from
 * the C tables in entry.c. */
#ifndef AKG_LLM_ENTRY_H
#define AKG_LLM_ENTRY_H

#include "akg_plugin.h"

akg_status akg_llm_initialize(const akg_host *host, const char *plugin_path, void **state);
void akg_llm_shutdown(void *state);

akg_status akg_llm_open(void *state, akg_call *call, akg_str problem, void **session);
akg_status akg_llm_propose(void *session, akg_call *call, uint32_t max_candidates);
akg_status akg_llm_observe(void *session, akg_call *call, akg_str candidate_id, akg_str result);
void akg_llm_close(void *session);

#endif
