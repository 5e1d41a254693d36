/* Swift cannot define an exported C data symbol, so the CPU backend's entry
 * table and interface table live here and point at its Swift functions. */
#include "akg_cpu_entry.h"

#include <string.h>

static const akg_backend_v1 akg_cpu_backend_v1 = {
    sizeof(akg_backend_v1),
    akg_cpu_capabilities,
    akg_cpu_generate,
    akg_cpu_build,
    akg_cpu_load,
    akg_cpu_run,
    akg_cpu_unload,
};

static const void *akg_cpu_get_interface(void *state, const char *interface_id) {
    (void)state;
    if (interface_id != NULL && strcmp(interface_id, AKG_BACKEND_INTERFACE_V1) == 0) {
        return &akg_cpu_backend_v1;
    }
    return NULL;
}

AKG_EXPORT const akg_plugin akg_plugin_entry = {
    sizeof(akg_plugin),
    AKG_ABI_MAJOR,
    AKG_ABI_MINOR,
    AKG_KIND_BACKEND,
    "org.akg.cpu",
    "CPU (C/OpenMP)",
    "0.1.0",
    akg_cpu_initialize,
    akg_cpu_shutdown,
    akg_cpu_get_interface,
};
