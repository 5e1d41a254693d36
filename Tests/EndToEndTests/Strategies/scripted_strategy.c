/* A strategy for tests: proposes the lines of the file named by
 * AKG_SCRIPT verbatim (one candidate per line, garbage included), with ids
 * k0, k1, ...; appends every observed result to the file named by
 * AKG_SCRIPT_LOG as "id<TAB>result". An empty script proposes nothing. */
#include "akg_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const akg_host *host_table;

typedef struct {
    char **lines;
    size_t count;
    size_t next;
} script_session;

static akg_status scripted_initialize(const akg_host *host, const char *path, void **state) {
    (void)path;
    host_table = host;
    *state = NULL;
    return AKG_OK;
}

static void scripted_shutdown(void *state) { (void)state; }

static akg_str view(const char *text) {
    akg_str s;
    s.data = text;
    s.size = strlen(text);
    return s;
}

static akg_status scripted_open(void *state, akg_call *call, akg_str problem, void **session) {
    (void)state;
    (void)problem;
    const char *path = getenv("AKG_SCRIPT");
    FILE *file = path ? fopen(path, "r") : NULL;
    if (file == NULL) {
        host_table->diag(call, AKG_DIAG_ERROR, view("script.missing"), view("AKG_SCRIPT names no readable file"));
        return AKG_ERR_INVALID_ARGUMENT;
    }
    script_session *s = calloc(1, sizeof *s);
    char buffer[65536];
    while (fgets(buffer, sizeof buffer, file) != NULL) {
        size_t length = strlen(buffer);
        while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r')) buffer[--length] = 0;
        if (length == 0) continue;
        s->lines = realloc(s->lines, (s->count + 1) * sizeof *s->lines);
        char *copy = malloc(length + 1);
        memcpy(copy, buffer, length + 1);
        s->lines[s->count++] = copy;
    }
    fclose(file);
    *session = s;
    return AKG_OK;
}

static akg_status scripted_propose(void *session, akg_call *call, uint32_t max_candidates) {
    script_session *s = session;
    for (uint32_t n = 0; n < max_candidates && s->next < s->count; n++, s->next++) {
        char id[32];
        snprintf(id, sizeof id, "k%zu", s->next);
        akg_artifact artifact;
        artifact.struct_size = sizeof artifact;
        artifact.name = view(id);
        artifact.media_type = view(AKG_MEDIA_CANDIDATE);
        artifact.data.data = s->lines[s->next];
        artifact.data.size = strlen(s->lines[s->next]);
        if (host_table->emit(call, &artifact) != AKG_OK) return AKG_ERR_FAILED;
    }
    return AKG_OK;
}

static akg_status scripted_observe(void *session, akg_call *call, akg_str candidate_id, akg_str result) {
    (void)session;
    (void)call;
    const char *path = getenv("AKG_SCRIPT_LOG");
    if (path == NULL) return AKG_OK;
    FILE *log = fopen(path, "a");
    if (log == NULL) return AKG_OK;
    fwrite(candidate_id.data, 1, candidate_id.size, log);
    fputc('\t', log);
    fwrite(result.data, 1, result.size, log);
    fputc('\n', log);
    fclose(log);
    return AKG_OK;
}

static void scripted_close(void *session) {
    script_session *s = session;
    if (s == NULL) return;
    for (size_t i = 0; i < s->count; i++) free(s->lines[i]);
    free(s->lines);
    free(s);
}

static const akg_strategy_v1 scripted_table = {
    sizeof(akg_strategy_v1), scripted_open, scripted_propose, scripted_observe, scripted_close,
};

static const void *scripted_get_interface(void *state, const char *interface_id) {
    (void)state;
    return strcmp(interface_id, AKG_STRATEGY_INTERFACE_V1) == 0 ? &scripted_table : NULL;
}

AKG_EXPORT const akg_plugin akg_plugin_entry = {
    sizeof(akg_plugin), AKG_ABI_MAJOR, AKG_ABI_MINOR, AKG_KIND_STRATEGY,
    "test.scripted", "Scripted strategy (tests)", "1.0",
    scripted_initialize, scripted_shutdown, scripted_get_interface,
};
