/*
 * random_search.c — uniform random search as an akg strategy plugin.
 *
 * Plain C99 against akg_plugin.h and libc alone, so it doubles as a worked
 * example of a strategy written out of tree:
 *
 *     cc -std=c99 -Wall -Wextra -shared -fPIC -I Sources/PluginAPI/include \
 *        Plugins/RandomSearch/random_search.c -o libakg-random.so
 *
 * Define AKG_RANDOM_SEARCH_ID ('-DAKG_RANDOM_SEARCH_ID="\"com.example.r\""')
 * to build a copy that can load beside the in-tree one.
 *
 * What it does: every proposal gives each knob a value drawn uniformly (from
 * a SplitMix64 generator seeded with the problem's "seed"), never repeats an
 * assignment, and stops after budget.candidates proposals (not counting the
 * ones the host reported as duplicates) or when 1000 draws
 * in a row only find assignments it already proposed. Candidates are
 * {"knobs":{"name":value,...}} naming every knob, with names and values
 * copied verbatim from the problem, and ids r0, r1, ...
 *
 * The problem is read with a small JSON scanner (below) that checks the
 * whole document's syntax and keeps the raw text of what it needs; member
 * names are compared as written, without decoding escapes.
 */
#include "akg_plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef AKG_RANDOM_SEARCH_ID
#define AKG_RANDOM_SEARCH_ID "org.akg.random"
#endif

/* Draws in a row that may all hit earlier assignments before giving up. */
#define RS_MAX_TRIES 1000
/* Deeper JSON nesting is refused rather than risking the stack. */
#define RS_MAX_DEPTH 256

/* ------------------------------------------------------------ JSON scanner */

/* A cursor over a borrowed JSON text; `error` holds the first failure. */
typedef struct rs_scanner {
    const char *text;
    size_t size;
    size_t pos;
    char error[256];
} rs_scanner;

/* A piece of the scanned text: [start, end). */
typedef struct rs_span {
    size_t start;
    size_t end;
} rs_span;

/* Records the first error (later ones are consequences) and returns -1. */
static int rs_fail(rs_scanner *s, const char *format, ...) {
    if (s->error[0] == '\0') {
        va_list args;
        va_start(args, format);
        vsnprintf(s->error, sizeof s->error, format, args);
        va_end(args);
    }
    return -1;
}

static int rs_syntax(rs_scanner *s, const char *what) {
    return rs_fail(s, "the text is not valid JSON at byte %lu: %s", (unsigned long)s->pos, what);
}

/* The byte at the cursor, or -1 at the end. */
static int rs_peek(const rs_scanner *s) {
    return s->pos < s->size ? (unsigned char)s->text[s->pos] : -1;
}

static void rs_skip_space(rs_scanner *s) {
    while (s->pos < s->size) {
        char c = s->text[s->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        s->pos++;
    }
}

static int rs_is_digit(int c) { return c >= '0' && c <= '9'; }

static int rs_is_hex(int c) {
    return rs_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Scans a string at the cursor; `content` gets the text between the quotes,
 * escapes left as written. */
static int rs_scan_string(rs_scanner *s, rs_span *content) {
    if (rs_peek(s) != '"') return rs_syntax(s, "expected a string");
    s->pos++;
    content->start = s->pos;
    for (;;) {
        int c = rs_peek(s);
        if (c < 0) return rs_syntax(s, "unterminated string");
        if (c == '"') break;
        if (c < 0x20) return rs_syntax(s, "control character in a string (escape it)");
        s->pos++;
        if (c == '\\') {
            int e = rs_peek(s);
            if (e < 0) return rs_syntax(s, "unterminated escape");
            if (e == 'u') {
                int i;
                s->pos++;
                for (i = 0; i < 4; i++, s->pos++) {
                    if (!rs_is_hex(rs_peek(s))) return rs_syntax(s, "expected four hex digits after \\u");
                }
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
                       e == 't') {
                s->pos++;
            } else {
                return rs_syntax(s, "unknown escape in a string");
            }
        }
    }
    content->end = s->pos;
    s->pos++; /* the closing quote */
    return 0;
}

/* Scans a number at the cursor (RFC 8259 grammar). */
static int rs_scan_number(rs_scanner *s) {
    if (rs_peek(s) == '-') s->pos++;
    if (!rs_is_digit(rs_peek(s))) return rs_syntax(s, "expected a digit");
    if (rs_peek(s) == '0') {
        s->pos++;
        if (rs_is_digit(rs_peek(s))) return rs_syntax(s, "a number may not start with 0");
    } else {
        while (rs_is_digit(rs_peek(s))) s->pos++;
    }
    if (rs_peek(s) == '.') {
        s->pos++;
        if (!rs_is_digit(rs_peek(s))) return rs_syntax(s, "expected a digit after '.'");
        while (rs_is_digit(rs_peek(s))) s->pos++;
    }
    if (rs_peek(s) == 'e' || rs_peek(s) == 'E') {
        s->pos++;
        if (rs_peek(s) == '+' || rs_peek(s) == '-') s->pos++;
        if (!rs_is_digit(rs_peek(s))) return rs_syntax(s, "expected a digit in the exponent");
        while (rs_is_digit(rs_peek(s))) s->pos++;
    }
    return 0;
}

static int rs_scan_word(rs_scanner *s, const char *word) {
    size_t n = strlen(word);
    if (s->size - s->pos < n || memcmp(s->text + s->pos, word, n) != 0) {
        return rs_syntax(s, "unexpected word where a value should start");
    }
    s->pos += n;
    return 0;
}

/* Object members one at a time. Call rs_object_begin with the cursor on '{',
 * then rs_object_next until it returns 0 (the '}' was consumed) or -1; when
 * it returns 1, `key` is the member's name and the cursor is on its value,
 * which the caller must scan. `count` starts at 0. */
static int rs_object_begin(rs_scanner *s) {
    rs_skip_space(s);
    if (rs_peek(s) != '{') return rs_syntax(s, "expected an object");
    s->pos++;
    return 0;
}

static int rs_object_next(rs_scanner *s, size_t *count, rs_span *key) {
    rs_skip_space(s);
    if (rs_peek(s) == '}') {
        s->pos++;
        return 0;
    }
    if (*count > 0) {
        if (rs_peek(s) != ',') return rs_syntax(s, "expected ',' or '}' in an object");
        s->pos++;
        rs_skip_space(s);
    }
    if (rs_peek(s) != '"') return rs_syntax(s, "expected a member name in quotes");
    if (rs_scan_string(s, key) < 0) return -1;
    rs_skip_space(s);
    if (rs_peek(s) != ':') return rs_syntax(s, "expected ':' after a member name");
    s->pos++;
    rs_skip_space(s);
    (*count)++;
    return 1;
}

/* Array elements one at a time, like the object functions. */
static int rs_array_begin(rs_scanner *s) {
    rs_skip_space(s);
    if (rs_peek(s) != '[') return rs_syntax(s, "expected an array");
    s->pos++;
    return 0;
}

static int rs_array_next(rs_scanner *s, size_t *count) {
    rs_skip_space(s);
    if (rs_peek(s) == ']' && *count == 0) {
        s->pos++;
        return 0;
    }
    if (*count > 0) {
        if (rs_peek(s) == ']') {
            s->pos++;
            return 0;
        }
        if (rs_peek(s) != ',') return rs_syntax(s, "expected ',' or ']' in an array");
        s->pos++;
        rs_skip_space(s);
    }
    (*count)++;
    return 1;
}

/* Scans (skips) any one value at the cursor. */
static int rs_scan_value(rs_scanner *s, int depth) {
    size_t count = 0;
    rs_span key;
    int more;
    rs_skip_space(s);
    if (depth > RS_MAX_DEPTH) return rs_syntax(s, "nested too deeply");
    switch (rs_peek(s)) {
    case '{':
        if (rs_object_begin(s) < 0) return -1;
        while ((more = rs_object_next(s, &count, &key)) == 1) {
            if (rs_scan_value(s, depth + 1) < 0) return -1;
        }
        return more;
    case '[':
        if (rs_array_begin(s) < 0) return -1;
        while ((more = rs_array_next(s, &count)) == 1) {
            if (rs_scan_value(s, depth + 1) < 0) return -1;
        }
        return more;
    case '"':
        return rs_scan_string(s, &key);
    case 't':
        return rs_scan_word(s, "true");
    case 'f':
        return rs_scan_word(s, "false");
    case 'n':
        return rs_scan_word(s, "null");
    case -1:
        return rs_syntax(s, "the text ends where a value should start");
    default:
        if (rs_peek(s) == '-' || rs_is_digit(rs_peek(s))) return rs_scan_number(s);
        return rs_syntax(s, "unexpected character where a value should start");
    }
}

/* Whether `span` of the text is exactly `word`. */
static int rs_span_is(const rs_scanner *s, rs_span span, const char *word) {
    size_t n = strlen(word);
    return span.end - span.start == n && memcmp(s->text + span.start, word, n) == 0;
}

/* True (and the cursor moved past it) when the value at the cursor is null. */
static int rs_take_null(rs_scanner *s) {
    rs_skip_space(s);
    if (rs_peek(s) == 'n') return rs_scan_word(s, "null") == 0;
    return 0;
}

/* Reads an integer literal at the cursor into *value (two's complement for a
 * negative one); a fraction, an exponent or more than 64 bits is an error
 * naming `what`. */
static int rs_scan_integer(rs_scanner *s, const char *what, int allow_negative, uint64_t *value) {
    size_t start, i;
    int negative = 0;
    uint64_t v = 0;
    rs_skip_space(s);
    start = s->pos;
    if (rs_peek(s) != '-' && !rs_is_digit(rs_peek(s))) {
        if (s->error[0] == '\0' && rs_scan_value(s, 1) < 0) return -1;
        return rs_fail(s, "%s must be an integer", what);
    }
    if (rs_scan_number(s) < 0) return -1;
    i = start;
    if (s->text[i] == '-') {
        negative = 1;
        i++;
    }
    for (; i < s->pos; i++) {
        unsigned digit;
        if (!rs_is_digit((unsigned char)s->text[i])) return rs_fail(s, "%s must be an integer", what);
        digit = (unsigned)(s->text[i] - '0');
        if (v > (UINT64_MAX - digit) / 10) return rs_fail(s, "%s does not fit in 64 bits", what);
        v = v * 10 + digit;
    }
    if (negative && v != 0) {
        if (!allow_negative) return rs_fail(s, "%s must not be negative", what);
        v = (uint64_t)0 - v;
    }
    *value = v;
    return 0;
}

/* ----------------------------------------------------------------- session */

/* One knob: its name and the raw JSON text of each value, as the problem
 * wrote them (NUL-terminated copies). */
typedef struct rs_knob {
    char *name; /* the string's contents, escapes kept */
    char **values;
    size_t value_count;
    size_t value_capacity;
} rs_knob;

typedef struct rs_session {
    const akg_host *host;
    rs_knob *knobs;
    size_t knob_count;
    size_t knob_capacity;

    uint64_t random_state;
    int has_budget;
    uint64_t budget;
    uint64_t space_size; /* saturates at UINT64_MAX */
    uint64_t proposed;
    /* Proposals the host found to repeat code it had measured: they spend
     * no measurement, so they do not count against the budget (as in the host). */
    uint64_t duplicates;

    /* Every proposed assignment, knob_count value indices each, and an
     * open-addressing table of row numbers + 1 (0: empty slot). */
    uint32_t *rows;
    size_t row_capacity;
    size_t *table;
    size_t table_size; /* a power of two, at least twice the rows */

    uint32_t *draw; /* scratch assignment */
    char *document; /* scratch candidate text */
    size_t document_capacity;

    int has_best;
    double best_speedup;
} rs_session;

static struct {
    const akg_host *host;
} rs_plugin;

static void rs_diag(const akg_host *host, akg_call *call, int32_t level, const char *code, const char *message) {
    akg_str c, m;
    if (host == NULL || host->diag == NULL) return;
    c.data = code;
    c.size = strlen(code);
    m.data = message;
    m.size = strlen(message);
    host->diag(call, level, c, m);
}

static char *rs_copy(const char *text, size_t size) {
    char *copy = (char *)malloc(size + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, text, size);
    copy[size] = '\0';
    return copy;
}

static void rs_free_session(rs_session *session) {
    size_t k, v;
    if (session == NULL) return;
    for (k = 0; k < session->knob_count; k++) {
        for (v = 0; v < session->knobs[k].value_count; v++) free(session->knobs[k].values[v]);
        free(session->knobs[k].values);
        free(session->knobs[k].name);
    }
    free(session->knobs);
    free(session->rows);
    free(session->table);
    free(session->draw);
    free(session->document);
    free(session);
}

/* SplitMix64: small, fast, and fully defined by its 64-bit state. */
static uint64_t rs_next(rs_session *session) {
    uint64_t z = (session->random_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, bound), bound > 0, without modulo bias. */
static uint64_t rs_below(rs_session *session, uint64_t bound) {
    uint64_t threshold = ((uint64_t)0 - bound) % bound;
    for (;;) {
        uint64_t draw = rs_next(session);
        if (draw >= threshold) return draw % bound;
    }
}

/* ------------------------------------------------------- reading a problem */

/* Error codes of the readers below, besides a syntax or content error (-1). */
#define RS_NO_MEMORY -2

static int rs_read_values(rs_scanner *s, rs_knob *knob) {
    size_t count = 0, v;
    int more;
    rs_skip_space(s);
    if (rs_peek(s) != '[') return rs_fail(s, "knob \"%s\": \"values\" must be an array", knob->name);
    rs_array_begin(s);
    while ((more = rs_array_next(s, &count)) == 1) {
        size_t start, size;
        int repeated = 0;
        rs_skip_space(s);
        start = s->pos;
        if (rs_scan_value(s, 2) < 0) return -1;
        size = s->pos - start;
        for (v = 0; v < knob->value_count; v++) {
            if (strlen(knob->values[v]) == size && memcmp(knob->values[v], s->text + start, size) == 0) repeated = 1;
        }
        if (repeated) continue; /* the same value twice is one candidate, tried once */
        if (knob->value_count == knob->value_capacity) {
            size_t capacity = knob->value_capacity ? knob->value_capacity * 2 : 8;
            char **grown = (char **)realloc(knob->values, capacity * sizeof *grown);
            if (grown == NULL) return RS_NO_MEMORY;
            knob->values = grown;
            knob->value_capacity = capacity;
        }
        if ((knob->values[knob->value_count] = rs_copy(s->text + start, size)) == NULL) return RS_NO_MEMORY;
        knob->value_count++;
        if (knob->value_count > UINT32_MAX) return rs_fail(s, "knob \"%s\" has too many values", knob->name);
    }
    return more;
}

static int rs_read_knob(rs_scanner *s, rs_session *session, size_t position) {
    rs_knob *knob;
    size_t count = 0, k;
    rs_span key, name;
    int more, has_values = 0;
    size_t values_at = 0;

    if (session->knob_count == session->knob_capacity) {
        size_t capacity = session->knob_capacity ? session->knob_capacity * 2 : 8;
        rs_knob *grown = (rs_knob *)realloc(session->knobs, capacity * sizeof *grown);
        if (grown == NULL) return RS_NO_MEMORY;
        session->knobs = grown;
        session->knob_capacity = capacity;
    }
    knob = &session->knobs[session->knob_count++];
    memset(knob, 0, sizeof *knob);

    rs_skip_space(s);
    if (rs_peek(s) != '{') {
        if (rs_scan_value(s, 2) < 0) return -1;
        return rs_fail(s, "knob %lu must be an object with a \"name\" and \"values\"", (unsigned long)position);
    }
    /* The name may come after the values: note where the values are and
     * read them once the name is known (it labels their errors). */
    rs_object_begin(s);
    while ((more = rs_object_next(s, &count, &key)) == 1) {
        if (rs_span_is(s, key, "name")) {
            if (rs_peek(s) != '"') {
                if (rs_scan_value(s, 2) < 0) return -1;
                return rs_fail(s, "knob %lu: \"name\" must be a string", (unsigned long)position);
            }
            if (rs_scan_string(s, &name) < 0) return -1;
            if (name.end == name.start) return rs_fail(s, "knob %lu has an empty \"name\"", (unsigned long)position);
            free(knob->name);
            if ((knob->name = rs_copy(s->text + name.start, name.end - name.start)) == NULL) return RS_NO_MEMORY;
        } else if (rs_span_is(s, key, "values")) {
            has_values = 1;
            values_at = s->pos;
            if (rs_scan_value(s, 2) < 0) return -1;
        } else if (rs_scan_value(s, 2) < 0) {
            return -1;
        }
    }
    if (more < 0) return -1;
    if (knob->name == NULL) return rs_fail(s, "knob %lu has no \"name\" string", (unsigned long)position);
    for (k = 0; k + 1 < session->knob_count; k++) {
        if (strcmp(session->knobs[k].name, knob->name) == 0) {
            return rs_fail(s, "knob \"%s\" is listed twice", knob->name);
        }
    }
    if (!has_values) return rs_fail(s, "knob \"%s\" has no \"values\" array", knob->name);
    {
        size_t resume = s->pos;
        int status;
        s->pos = values_at;
        status = rs_read_values(s, knob);
        if (status < 0) return status;
        s->pos = resume;
    }
    if (knob->value_count == 0) return rs_fail(s, "knob \"%s\" has an empty \"values\" list", knob->name);
    return 0;
}

static int rs_read_knobs(rs_scanner *s, rs_session *session) {
    size_t count = 0;
    int more, status;
    rs_skip_space(s);
    if (rs_peek(s) != '[') {
        if (rs_scan_value(s, 1) < 0) return -1;
        return rs_fail(s, "\"knobs\" must be an array of knobs");
    }
    rs_array_begin(s);
    while ((more = rs_array_next(s, &count)) == 1) {
        if ((status = rs_read_knob(s, session, count - 1)) < 0) return status;
    }
    return more;
}

static int rs_read_budget(rs_scanner *s, rs_session *session) {
    size_t count = 0;
    rs_span key;
    int more;
    if (rs_take_null(s)) return 0;
    if (s->error[0] != '\0') return -1;
    if (rs_peek(s) != '{') {
        if (rs_scan_value(s, 1) < 0) return -1;
        return rs_fail(s, "\"budget\" must be an object");
    }
    rs_object_begin(s);
    while ((more = rs_object_next(s, &count, &key)) == 1) {
        if (rs_span_is(s, key, "candidates")) {
            if (rs_take_null(s)) {
                session->has_budget = 0;
                continue;
            }
            if (s->error[0] != '\0') return -1;
            if (rs_scan_integer(s, "\"budget.candidates\"", 0, &session->budget) < 0) return -1;
            session->has_budget = 1;
        } else if (rs_scan_value(s, 2) < 0) {
            return -1;
        }
    }
    return more;
}

/* Reads the whole problem into `session`; on failure s->error says why
 * (unless RS_NO_MEMORY). */
static int rs_read_problem(rs_scanner *s, rs_session *session) {
    size_t count = 0;
    rs_span key;
    int more, status, has_knobs = 0;
    rs_skip_space(s);
    if (rs_peek(s) != '{') {
        if (rs_scan_value(s, 0) < 0) return -1;
        return rs_fail(s, "the tuning problem must be a JSON object");
    }
    rs_object_begin(s);
    while ((more = rs_object_next(s, &count, &key)) == 1) {
        if (rs_span_is(s, key, "knobs")) {
            if (has_knobs) return rs_fail(s, "the tuning problem has \"knobs\" twice");
            has_knobs = 1;
            if ((status = rs_read_knobs(s, session)) < 0) return status;
        } else if (rs_span_is(s, key, "seed")) {
            if (rs_take_null(s)) continue;
            if (s->error[0] != '\0') return -1;
            if (rs_scan_integer(s, "\"seed\"", 1, &session->random_state) < 0) return -1;
        } else if (rs_span_is(s, key, "budget")) {
            if ((status = rs_read_budget(s, session)) < 0) return status;
        } else if (rs_scan_value(s, 1) < 0) {
            return -1;
        }
    }
    if (more < 0) return -1;
    rs_skip_space(s);
    if (s->pos != s->size) return rs_syntax(s, "unexpected text after the JSON value");
    if (!has_knobs) return rs_fail(s, "the tuning problem has no \"knobs\" (the search space)");
    return 0;
}

/* ----------------------------------------------------- proposed assignments */

static size_t rs_hash(const rs_session *session, const uint32_t *assignment) {
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    size_t k;
    for (k = 0; k < session->knob_count; k++) {
        h ^= assignment[k];
        h *= UINT64_C(0x100000001b3);
    }
    return (size_t)(h ^ (h >> 32));
}

static const uint32_t *rs_row(const rs_session *session, size_t row) {
    return session->rows + row * session->knob_count;
}

/* The table slot holding `assignment`, or the empty slot where it belongs. */
static size_t rs_slot(const rs_session *session, const uint32_t *assignment) {
    size_t mask = session->table_size - 1;
    size_t slot = rs_hash(session, assignment) & mask;
    size_t bytes = session->knob_count * sizeof *assignment;
    while (session->table[slot] != 0 &&
           memcmp(rs_row(session, session->table[slot] - 1), assignment, bytes) != 0) {
        slot = (slot + 1) & mask;
    }
    return slot;
}

static int rs_was_proposed(const rs_session *session, const uint32_t *assignment) {
    return session->table[rs_slot(session, assignment)] != 0;
}

/* Remembers `assignment` as proposed; 0, or RS_NO_MEMORY. */
static int rs_remember(rs_session *session, const uint32_t *assignment) {
    size_t rows = (size_t)session->proposed;
    size_t width = session->knob_count ? session->knob_count : 1;
    if (rows == session->row_capacity) {
        size_t capacity = session->row_capacity ? session->row_capacity * 2 : 64;
        uint32_t *grown = (uint32_t *)realloc(session->rows, capacity * width * sizeof *grown);
        if (grown == NULL) return RS_NO_MEMORY;
        session->rows = grown;
        session->row_capacity = capacity;
    }
    if (2 * (rows + 1) > session->table_size) {
        size_t size = session->table_size * 2, r, *table = (size_t *)calloc(size, sizeof *table);
        if (table == NULL) return RS_NO_MEMORY;
        free(session->table);
        session->table = table;
        session->table_size = size;
        for (r = 0; r < rows; r++) session->table[rs_slot(session, rs_row(session, r))] = r + 1;
    }
    memcpy(session->rows + rows * session->knob_count, assignment, session->knob_count * sizeof *assignment);
    session->table[rs_slot(session, assignment)] = rows + 1;
    return 0;
}

/* ------------------------------------------------------------------ plugin */

static akg_status rs_initialize(const akg_host *host, const char *plugin_path, void **state) {
    (void)plugin_path;
    if (host == NULL || state == NULL) return AKG_ERR_INVALID_ARGUMENT;
    rs_plugin.host = host;
    *state = &rs_plugin;
    return AKG_OK;
}

static void rs_shutdown(void *state) { (void)state; }

static akg_status rs_open(void *state, akg_call *call, akg_str problem, void **session_out) {
    rs_scanner scanner;
    rs_session *session;
    size_t k;
    int status;
    (void)state;
    if (session_out == NULL || (problem.data == NULL && problem.size > 0)) return AKG_ERR_INVALID_ARGUMENT;
    *session_out = NULL;
    session = (rs_session *)calloc(1, sizeof *session);
    if (session == NULL) return AKG_ERR_OUT_OF_MEMORY;
    session->host = rs_plugin.host;

    memset(&scanner, 0, sizeof scanner);
    scanner.text = problem.data;
    scanner.size = problem.size;
    status = rs_read_problem(&scanner, session);
    if (status == RS_NO_MEMORY) {
        rs_free_session(session);
        rs_diag(rs_plugin.host, call, AKG_DIAG_ERROR, "random.out-of-memory", "out of memory reading the problem");
        return AKG_ERR_OUT_OF_MEMORY;
    }
    if (status < 0) {
        char message[320];
        snprintf(message, sizeof message, "bad tuning problem: %s", scanner.error);
        rs_free_session(session);
        rs_diag(rs_plugin.host, call, AKG_DIAG_ERROR, "random.bad-problem", message);
        return AKG_ERR_BAD_FORMAT;
    }

    session->space_size = 1;
    for (k = 0; k < session->knob_count; k++) {
        uint64_t n = session->knobs[k].value_count;
        session->space_size = session->space_size > UINT64_MAX / n ? UINT64_MAX : session->space_size * n;
    }
    session->table_size = 64;
    session->table = (size_t *)calloc(session->table_size, sizeof *session->table);
    session->draw = (uint32_t *)calloc(session->knob_count ? session->knob_count : 1, sizeof *session->draw);
    if (session->table == NULL || session->draw == NULL) {
        rs_free_session(session);
        return AKG_ERR_OUT_OF_MEMORY;
    }
    *session_out = session;
    return AKG_OK;
}

/* Writes the candidate document for session->draw into session->document. */
static int rs_render(rs_session *session) {
    size_t k, need = sizeof "{\"knobs\":{}}", used;
    for (k = 0; k < session->knob_count; k++) {
        need += strlen(session->knobs[k].name) + strlen(session->knobs[k].values[session->draw[k]]) + 4;
    }
    if (need > session->document_capacity) {
        char *grown = (char *)realloc(session->document, need);
        if (grown == NULL) return RS_NO_MEMORY;
        session->document = grown;
        session->document_capacity = need;
    }
    used = (size_t)sprintf(session->document, "{\"knobs\":{");
    for (k = 0; k < session->knob_count; k++) {
        used += (size_t)sprintf(session->document + used, "%s\"%s\":%s", k ? "," : "", session->knobs[k].name,
                                session->knobs[k].values[session->draw[k]]);
    }
    sprintf(session->document + used, "}}");
    return 0;
}

static akg_status rs_propose(void *session_pointer, akg_call *call, uint32_t max_candidates) {
    rs_session *session = (rs_session *)session_pointer;
    uint32_t emitted;
    if (session == NULL) return AKG_ERR_INVALID_ARGUMENT;
    for (emitted = 0; emitted < max_candidates; emitted++) {
        int tries, fresh = 0;
        size_t k;
        char id[32];
        akg_artifact artifact;
        if (session->has_budget && session->proposed - session->duplicates >= session->budget) break;
        if (session->proposed >= session->space_size) break;
        for (tries = 0; tries < RS_MAX_TRIES && !fresh; tries++) {
            for (k = 0; k < session->knob_count; k++) {
                session->draw[k] = (uint32_t)rs_below(session, session->knobs[k].value_count);
            }
            fresh = !rs_was_proposed(session, session->draw);
        }
        if (!fresh) break;
        if (rs_render(session) < 0 || rs_remember(session, session->draw) < 0) {
            rs_diag(session->host, call, AKG_DIAG_ERROR, "random.out-of-memory", "out of memory proposing a candidate");
            return AKG_ERR_OUT_OF_MEMORY;
        }
        snprintf(id, sizeof id, "r%llu", (unsigned long long)session->proposed);
        session->proposed++;
        artifact.struct_size = sizeof artifact;
        artifact.name.data = id;
        artifact.name.size = strlen(id);
        artifact.media_type.data = AKG_MEDIA_CANDIDATE;
        artifact.media_type.size = strlen(AKG_MEDIA_CANDIDATE);
        artifact.data.data = session->document;
        artifact.data.size = strlen(session->document);
        if (session->host->emit(call, &artifact) != AKG_OK) {
            rs_diag(session->host, call, AKG_DIAG_ERROR, "random.emit", "the host refused a candidate");
            return AKG_ERR_FAILED;
        }
    }
    return AKG_OK;
}

/* The value of a JSON number literal, without strtod (whose decimal point
 * follows the process locale). Precise enough to rank speedups. */
static double rs_number_value(const char *text, size_t size) {
    double value = 0, scale = 1;
    int negative = 0, exponent = 0, exponent_negative = 0;
    size_t i = 0;
    if (i < size && text[i] == '-') {
        negative = 1;
        i++;
    }
    for (; i < size && rs_is_digit((unsigned char)text[i]); i++) value = value * 10 + (text[i] - '0');
    if (i < size && text[i] == '.') {
        for (i++; i < size && rs_is_digit((unsigned char)text[i]); i++) {
            scale /= 10;
            value += (text[i] - '0') * scale;
        }
    }
    if (i < size && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        if (i < size && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
        for (; i < size && rs_is_digit((unsigned char)text[i]) && exponent < 400; i++) {
            exponent = exponent * 10 + (text[i] - '0');
        }
    }
    while (exponent-- > 0) value = exponent_negative ? value / 10 : value * 10;
    return negative ? -value : value;
}

static akg_status rs_observe(void *session_pointer, akg_call *call, akg_str candidate_id, akg_str result) {
    rs_session *session = (rs_session *)session_pointer;
    rs_scanner scanner;
    rs_span key;
    size_t count = 0, i;
    int more;
    uint64_t number = 0;
    if (session == NULL || (result.data == NULL && result.size > 0) ||
        (candidate_id.data == NULL && candidate_id.size > 0)) {
        return AKG_ERR_INVALID_ARGUMENT;
    }
    /* Only ids this session proposed: "r" and a number below `proposed`. */
    for (i = 1; i < candidate_id.size && rs_is_digit((unsigned char)candidate_id.data[i]) &&
                number <= session->proposed;
         i++) {
        number = number * 10 + (uint64_t)(candidate_id.data[i] - '0');
    }
    if (candidate_id.size < 2 || candidate_id.data[0] != 'r' || i != candidate_id.size ||
        (candidate_id.size > 2 && candidate_id.data[1] == '0') || number >= session->proposed) {
        char message[160];
        snprintf(message, sizeof message, "no candidate '%.*s' was proposed in this search; its result is ignored",
                 (int)(candidate_id.size > 64 ? 64 : candidate_id.size), candidate_id.data ? candidate_id.data : "");
        rs_diag(session->host, call, AKG_DIAG_WARNING, "random.unknown-candidate", message);
        return AKG_OK;
    }

    memset(&scanner, 0, sizeof scanner);
    scanner.text = result.data;
    scanner.size = result.size;
    rs_skip_space(&scanner);
    if (rs_peek(&scanner) != '{') {
        rs_fail(&scanner, "the tuning result must be a JSON object");
    } else {
        rs_object_begin(&scanner);
        while ((more = rs_object_next(&scanner, &count, &key)) == 1) {
            size_t start;
            rs_skip_space(&scanner);
            start = scanner.pos;
            if (rs_scan_value(&scanner, 1) < 0) break;
            if (rs_span_is(&scanner, key, "status") &&
                rs_span_is(&scanner, (rs_span){start, scanner.pos}, "\"duplicate\"")) {
                session->duplicates++;
            }
            if (rs_span_is(&scanner, key, "speedup") &&
                (scanner.text[start] == '-' || rs_is_digit((unsigned char)scanner.text[start]))) {
                double speedup = rs_number_value(scanner.text + start, scanner.pos - start);
                if (!session->has_best || speedup > session->best_speedup) {
                    session->has_best = 1;
                    session->best_speedup = speedup;
                }
            }
        }
        rs_skip_space(&scanner);
        if (scanner.error[0] == '\0' && scanner.pos != scanner.size) {
            rs_syntax(&scanner, "unexpected text after the JSON value");
        }
    }
    if (scanner.error[0] != '\0') {
        char message[320];
        snprintf(message, sizeof message, "bad tuning result: %s", scanner.error);
        rs_diag(session->host, call, AKG_DIAG_ERROR, "random.bad-result", message);
        return AKG_ERR_BAD_FORMAT;
    }
    return AKG_OK;
}

static void rs_close(void *session) { rs_free_session((rs_session *)session); }

static const akg_strategy_v1 rs_strategy = {
    sizeof(akg_strategy_v1), rs_open, rs_propose, rs_observe, rs_close,
};

static const void *rs_get_interface(void *state, const char *interface_id) {
    (void)state;
    if (interface_id != NULL && strcmp(interface_id, AKG_STRATEGY_INTERFACE_V1) == 0) return &rs_strategy;
    return NULL;
}

AKG_EXPORT const akg_plugin akg_plugin_entry = {
    sizeof(akg_plugin), AKG_ABI_MAJOR, AKG_ABI_MINOR, AKG_KIND_STRATEGY,
    AKG_RANDOM_SEARCH_ID, "Random search", "0.1.0",
    rs_initialize, rs_shutdown, rs_get_interface,
};
