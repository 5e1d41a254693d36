/* Swift cannot define an exported C data symbol, so the Triton backend's
 * entry table and interface table live here and point at its Swift functions. */
#include "akg_triton_entry.h"

#include <string.h>

static const akg_backend_v1 akg_triton_backend_v1 = {
    sizeof(akg_backend_v1),
    akg_tritonfamily_capabilities,
    akg_tritonfamily_generate,
    akg_tritonfamily_build,
    akg_tritonfamily_load,
    akg_tritonfamily_run,
    akg_tritonfamily_unload,
};

static const void *akg_triton_get_interface(void *state, const char *interface_id) {
    (void)state;
    if (interface_id != NULL && strcmp(interface_id, AKG_BACKEND_INTERFACE_V1) == 0) {
        return &akg_triton_backend_v1;
    }
    return NULL;
}

AKG_EXPORT const akg_plugin akg_plugin_entry = {
    sizeof(akg_plugin),
    AKG_ABI_MAJOR,
    AKG_ABI_MINOR,
    AKG_KIND_BACKEND,
    "org.akg.triton",
    "Triton (NVIDIA GPUs; interpreter on CPU)",
    "0.1.0",
    akg_triton_initialize,
    akg_tritonfamily_shutdown,
    akg_triton_get_interface,
};
