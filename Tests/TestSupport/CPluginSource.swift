/// C source of a small backend plugin, with switches to make it break in
/// exactly one way. It uses nothing but `akg_plugin.h` and libc.
public struct CPluginSource {
    public var id = "com.example.cplugin"
    public var abiMajor = "AKG_ABI_MAJOR"
    public var abiMinor = "AKG_ABI_MINOR"
    public var entrySize = "sizeof(akg_plugin)"
    public var kinds = "AKG_KIND_BACKEND"
    /// The status `initialize` returns; it also reports why on failure.
    public var initializeStatus = "AKG_OK"
    /// `get_interface` answers NULL for the backend interface.
    public var withholdBackendInterface = false
    /// The backend table's struct_size.
    public var backendTableSize = "sizeof(akg_backend_v1)"
    /// Leave out the entry symbol altogether.
    public var exportEntry = true
    /// Text the capabilities artifact carries.
    public var capabilitiesJSON = #"{"format":"akg.capabilities+json/1","backend":"c-test","device":{"kind":"cpu"}}"#

    public init() {}

    public var text: String {
        let escapedCapabilities = capabilitiesJSON.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        return """
        #include "akg_plugin.h"
        #include <string.h>

        static const akg_host *g_host;

        static akg_status initialize(const akg_host *host, const char *path, void **state) {
            (void)path;
            g_host = host;
            *state = (void *)&g_host;
            if (\(initializeStatus) != AKG_OK) {
                akg_str code = AKG_STR("test.init"), message = AKG_STR("the test device is not plugged in");
                host->diag(NULL, AKG_DIAG_ERROR, code, message);
            }
            return \(initializeStatus);
        }

        static void shutdown(void *state) { (void)state; }

        static akg_status emit_text(akg_call *call, const char *name, const char *media, const char *text) {
            akg_artifact artifact;
            artifact.struct_size = sizeof(akg_artifact);
            artifact.name.data = name; artifact.name.size = strlen(name);
            artifact.media_type.data = media; artifact.media_type.size = strlen(media);
            artifact.data.data = text; artifact.data.size = strlen(text);
            return g_host->emit(call, &artifact);
        }

        static akg_status capabilities(void *state, akg_call *call) {
            (void)state;
            return emit_text(call, "capabilities.json", AKG_MEDIA_CAPABILITIES, "\(escapedCapabilities)");
        }

        /* Echoes the program back as a "source" whose media type is its format. */
        static akg_status generate(void *state, akg_call *call, const akg_program *program) {
            akg_artifact artifact;
            (void)state;
            if (!AKG_HAS_FIELD(program, akg_program, options)) return AKG_ERR_INVALID_ARGUMENT;
            if (program->bytes.size == 0) {
                akg_str code = AKG_STR("test.empty"), message = AKG_STR("empty program");
                g_host->diag(call, AKG_DIAG_ERROR, code, message);
                return AKG_ERR_BAD_FORMAT;
            }
            artifact.struct_size = sizeof(akg_artifact);
            artifact.name.data = "echo.c";
            artifact.name.size = 6;
            artifact.media_type = program->format;
            artifact.data = program->bytes;
            return g_host->emit(call, &artifact);
        }

        /* Concatenates the sources' names into one artifact. */
        static akg_status build(void *state, akg_call *call, const akg_artifact *sources, size_t count, akg_str options) {
            char names[256] = {0};
            size_t i, used = 0;
            (void)state; (void)options;
            for (i = 0; i < count && used + sources[i].name.size + 2 < sizeof names; i++) {
                memcpy(names + used, sources[i].name.data, sources[i].name.size);
                used += sources[i].name.size;
                names[used++] = ';';
            }
            return emit_text(call, "built.txt", "text/plain", names);
        }

        static akg_status load(void *state, akg_call *call, const akg_load_request *request, void **kernel) {
            (void)state; (void)call; (void)request; *kernel = NULL; return AKG_ERR_UNSUPPORTED;
        }
        static akg_status run(void *kernel, akg_call *call, const akg_run_request *request, akg_run_stats *stats) {
            (void)kernel; (void)call; (void)request; (void)stats; return AKG_ERR_UNSUPPORTED;
        }
        static void unload(void *kernel) { (void)kernel; }

        static const akg_backend_v1 backend = {
            \(backendTableSize), capabilities, generate, build, load, run, unload
        };

        static const void *get_interface(void *state, const char *interface_id) {
            (void)state;
            if (\(withholdBackendInterface ? 1 : 0)) return NULL;
            if (strcmp(interface_id, AKG_BACKEND_INTERFACE_V1) == 0) return &backend;
            return NULL;
        }

        \(exportEntry ? "AKG_EXPORT const akg_plugin akg_plugin_entry" : "const akg_plugin some_other_name") = {
            \(entrySize), \(abiMajor), \(abiMinor), \(kinds),
            "\(id)", "C test plugin", "9.9.9",
            initialize, shutdown, get_interface
        };

        """
    }
}
