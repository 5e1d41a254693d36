/*
 * akg_plugin.h — the akg plugin C ABI, version 1.0.
 *
 * This header is the only stable boundary between akg-host and its plugins
 * (backends: a DSL on a chip; strategies: how to search). A plugin is a shared
 * library that exports one const data symbol, `akg_plugin_entry`, and depends
 * on nothing from the host but this header. Plain C99; compiles as C++ too.
 *
 * Rules that hold for every declaration below (docs/ABI.md has the long form):
 *
 *  - Versioning. `AKG_ABI_MAJOR` changes only for an incompatible change; the
 *    host refuses a plugin of another major before calling any of its code.
 *    `AKG_ABI_MINOR` grows when fields are appended. Every struct starts with
 *    `struct_size`, fields are only ever appended, and a reader tests a field
 *    with AKG_HAS_FIELD before touching it. Interfaces are fetched by
 *    versioned string id ("akg.backend/1"); an incompatible interface gets a
 *    new id. Status codes are never renumbered or reused.
 *
 *  - Ownership. Inputs are borrowed for the duration of the call only. Results
 *    leave a plugin through host->emit(), which copies them before returning,
 *    so no allocation ever crosses the boundary and nothing needs freeing on
 *    the other side. `const char *` fields of akg_plugin_entry are static.
 *
 *  - Errors. Functions return akg_status: AKG_OK (0) or a negative AKG_ERR_*.
 *    Say why through host->diag() (any number of times per call). No C++
 *    exception, Swift error, longjmp or exit() may cross the boundary.
 *
 *  - Threads. Each function pointer carries a tag: [thread-safe] may be called
 *    from several threads at once; [serial] calls on one object (the plugin
 *    state, a strategy session, a loaded kernel) never overlap, though they may
 *    come from different threads.
 *
 *  - Strings are UTF-8 views (akg_str): not NUL-terminated unless said so.
 */
#ifndef AKG_PLUGIN_H
#define AKG_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- versions */

#define AKG_ABI_MAJOR 1
#define AKG_ABI_MINOR 0

/* Name of the one exported data symbol, for dlsym(). */
#define AKG_PLUGIN_ENTRY_SYMBOL "akg_plugin_entry"

/* Marks the entry symbol for export when a plugin builds with
 * -fvisibility=hidden (recommended: export nothing else). */
#if defined(_WIN32)
#define AKG_EXPORT __declspec(dllexport)
#else
#define AKG_EXPORT __attribute__((visibility("default")))
#endif

/* True when the struct at `ptr` (whose first field is struct_size) is large
 * enough to contain `field`. Use it on every struct received from the other
 * side before reading a field added after 1.0. */
#define AKG_HAS_FIELD(ptr, type, field)                                        \
    ((ptr) != NULL &&                                                          \
     (size_t)(ptr)->struct_size >=                                             \
         offsetof(type, field) + sizeof(((const type *)0)->field))

/* ------------------------------------------------------------ status codes */

/* Plain int32_t with #defines, not an enum: the width is fixed and Swift
 * imports the constants with the right type. */
typedef int32_t akg_status;

#define AKG_OK                    0
#define AKG_ERR_FAILED           -1  /* failure without a more precise code */
#define AKG_ERR_INVALID_ARGUMENT -2  /* an input broke this header's contract */
#define AKG_ERR_UNSUPPORTED      -3  /* valid input this plugin cannot handle */
#define AKG_ERR_BAD_FORMAT       -4  /* a document could not be parsed */
#define AKG_ERR_OUT_OF_MEMORY    -5
#define AKG_ERR_CANCELLED        -6  /* host->is_cancelled() said so */
#define AKG_ERR_TOOLCHAIN        -7  /* compiler or DSL toolchain failed */
#define AKG_ERR_RUNTIME          -8  /* device or runtime failure */
#define AKG_ERR_TIMEOUT          -9
#define AKG_ERR_NOT_FOUND        -10 /* a named thing (file, kernel) is missing */
#define AKG_ERR_VERSION          -11 /* incompatible version of a document */

/* --------------------------------------------------------- plugin kinds */

#define AKG_KIND_BACKEND  (1u << 0) /* provides "akg.backend/1" */
#define AKG_KIND_STRATEGY (1u << 1) /* provides "akg.strategy/1" */

/* -------------------------------------------------------------- diagnostics */

#define AKG_DIAG_DEBUG   0
#define AKG_DIAG_INFO    1
#define AKG_DIAG_WARNING 2
#define AKG_DIAG_ERROR   3

/* ------------------------------------------------------------ basic values */

/* A borrowed UTF-8 string view. */
typedef struct akg_str {
    const char *data;
    size_t size;
} akg_str;

/* A borrowed byte view. */
typedef struct akg_bytes {
    const void *data;
    size_t size;
} akg_bytes;

/* An akg_str over a string literal: AKG_STR("hello"). */
#define AKG_STR(literal) {(literal), sizeof(literal) - 1}

/* A named, typed blob: a generated source, a built library, a JSON document.
 * `name` is a file name without directories ("kernel.c"); `media_type` says
 * how to read `data` (see AKG_MEDIA_* below). */
typedef struct akg_artifact {
    uint32_t struct_size;
    akg_str name;
    akg_str media_type;
    akg_bytes data;
} akg_artifact;

/* Media types and document formats named by this ABI. */
#define AKG_MEDIA_JSON          "application/json"
#define AKG_MEDIA_CAPABILITIES  "application/vnd.akg.capabilities+json"
#define AKG_MEDIA_CANDIDATE     "application/vnd.akg.candidate+json"
#define AKG_MEDIA_C_SOURCE      "text/x-c"
#define AKG_MEDIA_SHARED_LIB    "application/x-sharedlib"
#define AKG_FORMAT_KERNEL_JSON  "akg.kernel+json/1"
#define AKG_FORMAT_AST_JSON     "akg.ast+json/1"

/* ------------------------------------------------------------ host services */

/* One call from the host into a plugin. Opaque and host-owned; valid only
 * until the plugin function it was passed to returns. */
typedef struct akg_call akg_call;

/* Services the host offers. The host owns this table; it stays valid from
 * initialize() until shutdown() returns. */
typedef struct akg_host {
    uint32_t struct_size;
    uint16_t abi_major; /* the host's AKG_ABI_MAJOR */
    uint16_t abi_minor; /* the host's AKG_ABI_MINOR */

    /* [thread-safe] Report a diagnostic for `call`. `code` is a short stable
     * identifier ("toolchain.cc-failed"), `message` a sentence for a person.
     * `call` may be NULL inside initialize() and shutdown(): the diagnostic is
     * then attributed to the plugin. Both strings are copied. */
    void (*diag)(akg_call *call, int32_t level, akg_str code, akg_str message);

    /* [thread-safe] Hand a result of `call` to the host, which copies it
     * before returning. Returns AKG_OK, or AKG_ERR_INVALID_ARGUMENT when the
     * artifact is malformed (then nothing was recorded). */
    akg_status (*emit)(akg_call *call, const akg_artifact *artifact);

    /* [thread-safe] Non-zero when the user or a time limit cancelled `call`.
     * Long operations poll it and return AKG_ERR_CANCELLED. */
    int32_t (*is_cancelled)(akg_call *call);

    /* [thread-safe] Optional host services by versioned id; NULL when the
     * host does not offer `interface_id` (a NUL-terminated string). */
    const void *(*get_interface)(const struct akg_host *host,
                                 const char *interface_id);
} akg_host;

/* ------------------------------------------------------------------ tensors */

/* Tensors use DLPack's DLTensor layout (DLPack 1.x), redeclared here under
 * akg names so this header stays self-contained. A DLPack producer's
 * DLTensor* may be reinterpreted as akg_dl_tensor* and back. */

/* Device types: DLPack's DLDeviceType values. */
#define AKG_DL_CPU       1
#define AKG_DL_CUDA      2
#define AKG_DL_CUDA_HOST 3
#define AKG_DL_ROCM      10
/* DLPack has no code for Ascend NPUs: akg uses DLPack's extension device
 * (kDLExtDev) and the plugin that reports it defines what device_id means. */
#define AKG_DL_EXT_DEV   12

/* Data type codes: DLPack's DLDataTypeCode values. */
#define AKG_DL_INT    0
#define AKG_DL_UINT   1
#define AKG_DL_FLOAT  2
#define AKG_DL_BFLOAT 4
#define AKG_DL_BOOL   6

typedef struct akg_dl_device {
    int32_t device_type; /* AKG_DL_* device type */
    int32_t device_id;
} akg_dl_device;

typedef struct akg_dl_data_type {
    uint8_t code;   /* AKG_DL_INT, AKG_DL_FLOAT, ... */
    uint8_t bits;   /* 8, 16, 32, 64 */
    uint16_t lanes; /* 1 for scalars */
} akg_dl_data_type;

typedef struct akg_dl_tensor {
    /* Start of the allocation. Never assume any alignment beyond the
     * element's own; the host may place buffers next to guard pages. */
    void *data;
    akg_dl_device device;
    int32_t ndim;
    akg_dl_data_type dtype;
    int64_t *shape;       /* ndim entries */
    int64_t *strides;     /* ndim entries in elements, or NULL: row-major */
    uint64_t byte_offset; /* first element is at (char *)data + byte_offset */
} akg_dl_tensor;

/* ------------------------------------------------------------------ plugin */

/* The entry table. A plugin defines exactly one:
 *
 *     AKG_EXPORT const akg_plugin akg_plugin_entry = {
 *         sizeof(akg_plugin), AKG_ABI_MAJOR, AKG_ABI_MINOR, AKG_KIND_BACKEND,
 *         "com.example.mychip", "My chip", "1.2.0",
 *         my_initialize, my_shutdown, my_get_interface };
 *
 * The host reads struct_size, abi_major and abi_minor (and the static
 * strings) before calling any function in it. */
typedef struct akg_plugin {
    uint32_t struct_size; /* sizeof(akg_plugin) as the plugin was built */
    uint16_t abi_major;   /* AKG_ABI_MAJOR as the plugin was built */
    uint16_t abi_minor;   /* AKG_ABI_MINOR as the plugin was built */
    uint32_t kinds;       /* AKG_KIND_* bits */
    const char *id;       /* reverse-DNS, unique: "org.akg.cpu"; NUL-terminated */
    const char *name;     /* for people: "CPU (C/OpenMP)"; NUL-terminated */
    const char *version;  /* the plugin's own version; NUL-terminated */

    /* [serial] Called once after loading, before anything else. `host` stays
     * valid until shutdown() returns; `plugin_path` is the file the host
     * loaded (NUL-terminated, borrowed). Set *state to anything the plugin
     * wants passed back (or NULL). A failure status means the plugin is not
     * used and shutdown() is not called. */
    akg_status (*initialize)(const akg_host *host, const char *plugin_path,
                             void **state);

    /* [serial] Called once, last. The host never dlclose()s a plugin (device
     * runtimes make unloading unsafe); release resources here. */
    void (*shutdown)(void *state);

    /* [thread-safe] The interface table for a versioned id such as
     * "akg.backend/1", or NULL when not provided. The table must stay valid
     * until shutdown() and start with a uint32_t struct_size. */
    const void *(*get_interface)(void *state, const char *interface_id);
} akg_plugin;

/* ------------------------------------------------------ backend interface */

#define AKG_BACKEND_INTERFACE_V1 "akg.backend/1"

/* A program for generate(): `format` names how `bytes` is encoded
 * (AKG_FORMAT_AST_JSON or AKG_FORMAT_KERNEL_JSON); `options` is a JSON object
 * of backend knobs chosen by the tuner ("{}" when none). */
typedef struct akg_program {
    uint32_t struct_size;
    akg_str format;
    akg_bytes bytes;
    akg_str options;
} akg_program;

/* What load() gets: the artifacts build() emitted, and the kernel signature
 * (a JSON document, see docs/formats.md) so it can call the entry point. */
typedef struct akg_load_request {
    uint32_t struct_size;
    const akg_artifact *artifacts;
    size_t artifact_count;
    akg_str signature;
} akg_load_request;

#define AKG_ARG_TENSOR 0 /* `tensor` is set */
#define AKG_ARG_INT    1 /* scalar integer in `int_value`, type in `dtype` */
#define AKG_ARG_FLOAT  2 /* scalar float in `float_value`, type in `dtype` */

/* One kernel argument, in the order of the kernel's parameters. */
typedef struct akg_arg {
    uint32_t struct_size;
    int32_t kind; /* AKG_ARG_* */
    akg_str name; /* the parameter's name in the kernel */
    akg_dl_data_type dtype;
    int64_t int_value;
    double float_value;
    akg_dl_tensor *tensor; /* borrowed; the runner owns the memory */
} akg_arg;

typedef struct akg_run_request {
    uint32_t struct_size;
    const akg_arg *args;
    size_t arg_count;
    uint32_t warmups;     /* untimed runs first */
    uint32_t repetitions; /* timed runs; at least 1 */
} akg_run_request;

/* Filled by run(). The host sets struct_size to the size it allocated; a
 * plugin writes only the fields AKG_HAS_FIELD says are there. Times are
 * kernel time only, in nanoseconds, measured on the device. */
typedef struct akg_run_stats {
    uint32_t struct_size;
    uint32_t repetitions; /* timed runs actually made */
    uint64_t min_ns;
    uint64_t median_ns;
} akg_run_stats;

typedef struct akg_backend_v1 {
    uint32_t struct_size;

    /* [thread-safe] Emit the target model as one artifact of media type
     * AKG_MEDIA_CAPABILITIES: device kind, cores, memory hierarchy, vector
     * width, dtypes, accepted program formats, tunable knobs with domains.
     * docs/ABI.md lists the fields the host reads. */
    akg_status (*capabilities)(void *state, akg_call *call);

    /* [thread-safe] Turn `program` into source artifacts (emitted). */
    akg_status (*generate)(void *state, akg_call *call,
                           const akg_program *program);

    /* [thread-safe] Build the `sources` (as emitted by generate, possibly
     * edited by a person or a strategy) into loadable artifacts (emitted).
     * `options` is the same JSON object of knobs generate() saw. */
    akg_status (*build)(void *state, akg_call *call, const akg_artifact *sources,
                        size_t source_count, akg_str options);

    /* [serial] Load built artifacts; *kernel receives the plugin's handle.
     * Called only inside the sandboxed runner process. */
    akg_status (*load)(void *state, akg_call *call,
                       const akg_load_request *request, void **kernel);

    /* [serial per kernel] Stage inputs to the device, run warmups and timed
     * repetitions, write outputs back into the tensors, fill `stats`. */
    akg_status (*run)(void *kernel, akg_call *call,
                      const akg_run_request *request, akg_run_stats *stats);

    /* [serial per kernel] Release what load() acquired. */
    void (*unload)(void *kernel);
} akg_backend_v1;

/* ----------------------------------------------------- strategy interface */

#define AKG_STRATEGY_INTERFACE_V1 "akg.strategy/1"

typedef struct akg_strategy_v1 {
    uint32_t struct_size;

    /* [serial] Start a search. `problem` is a JSON document: kernel summary,
     * search space (knobs with domains), budget, backend id. */
    akg_status (*open)(void *state, akg_call *call, akg_str problem,
                       void **session);

    /* [serial per session] Emit up to `max_candidates` artifacts of media
     * type AKG_MEDIA_CANDIDATE. Emitting none means the search is over. */
    akg_status (*propose)(void *session, akg_call *call,
                          uint32_t max_candidates);

    /* [serial per session] The host's verdict on one proposed candidate:
     * correctness, timings, diagnostics, generated code (JSON). */
    akg_status (*observe)(void *session, akg_call *call, akg_str candidate_id,
                          akg_str result);

    /* [serial per session] End the search and free the session. */
    void (*close)(void *session);
} akg_strategy_v1;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* AKG_PLUGIN_H */
