/* Swift cannot define an exported C data symbol, so the evolution strategy's
 * entry table and interface table live here and point at its Swift functions. */
#include "akg_evolution_entry.h"

#include <string.h>

static const akg_strategy_v1 akg_evolution_strategy_v1 = {
    sizeof(akg_strategy_v1),
    akg_evolution_open,
    akg_evolution_propose,
    akg_evolution_observe,
    akg_evolution_close,
};

static const void *akg_evolution_get_interface(void *state, const char *interface_id) {
    (void)state;
    if (interface_id != NULL && strcmp(interface_id, AKG_STRATEGY_INTERFACE_V1) == 0) {
        return &akg_evolution_strategy_v1;
    }
    return NULL;
}

AKG_EXPORT const akg_plugin akg_plugin_entry = {
    sizeof(akg_plugin),
    AKG_ABI_MAJOR,
    AKG_ABI_MINOR,
    AKG_KIND_STRATEGY,
    "org.akg.evolution",
    "Evolutionary search",
    "0.1.0",
    akg_evolution_initialize,
    akg_evolution_shutdown,
    akg_evolution_get_interface,
};
