/* Swift cannot define an exported C data symbol, so the LLM agent's entry
 * table and interface table live here and point at its Swift functions. */
#include "akg_llm_entry.h"

#include <string.h>

static const akg_strategy_v1 akg_llm_strategy_v1 = {
    sizeof(akg_strategy_v1),
    akg_llm_open,
    akg_llm_propose,
    akg_llm_observe,
    akg_llm_close,
};

static const void *akg_llm_get_interface(void *state, const char *interface_id) {
    (void)state;
    if (interface_id != NULL && strcmp(interface_id, AKG_STRATEGY_INTERFACE_V1) == 0) {
        return &akg_llm_strategy_v1;
    }
    return NULL;
}

AKG_EXPORT const akg_plugin akg_plugin_entry = {
    sizeof(akg_plugin),
    AKG_ABI_MAJOR,
    AKG_ABI_MINOR,
    AKG_KIND_STRATEGY,
    "org.akg.llm",
    "LLM agent (designer, coder, conductor)",
    "0.1.0",
    akg_llm_initialize,
    akg_llm_shutdown,
    akg_llm_get_interface,
};
