/* The evolution strategy's functions, implemented in Swift
 * (Plugins/Evolution/Strategy/EvolutionPlugin.swift) with @_cdecl and
 * referenced from the C tables in entry.c. */
#ifndef AKG_EVOLUTION_ENTRY_H
#define AKG_EVOLUTION_ENTRY_H

#include "akg_plugin.h"

akg_status akg_evolution_initialize(const akg_host *host, const char *plugin_path, void **state);
void akg_evolution_shutdown(void *state);

akg_status akg_evolution_open(void *state, akg_call *call, akg_str problem, void **session);
akg_status akg_evolution_propose(void *session, akg_call *call, uint32_t max_candidates);
akg_status akg_evolution_observe(void *session, akg_call *call, akg_str candidate_id, akg_str result);
void akg_evolution_close(void *session);

#endif
