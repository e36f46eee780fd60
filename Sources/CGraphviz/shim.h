#ifndef CREDGRAPH_CGRAPHVIZ_SHIM_H
#define CREDGRAPH_CGRAPHVIZ_SHIM_H

#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvplugin.h>

/* cgraph's graph descriptors are mutable C globals, which Swift 6 refuses to
 * touch from concurrent code; these accessors hand out copies. */
static inline Agdesc_t credgraph_agdirected(void) { return Agdirected; }
static inline Agdesc_t credgraph_agstrictdirected(void) { return Agstrictdirected; }

/* A deterministic ID discipline. cgraph's default uses the address of the
 * interned name as a named object's ID, and orders subgraphs (clusters) by
 * ID, so cluster order and therefore the layout changed with heap addresses
 * from run to run. Here a named object's ID is its creation order. */
typedef struct {
    Agraph_t *graph;
    char **names;          /* names[i] has ID (i + 1) * 2; NULL once freed */
    size_t count, capacity;
    size_t *slots;         /* open addressing: index + 1, 0 = empty */
    size_t slotCount;
    IDTYPE anonymous;
} credgraph_id_state;

static inline size_t credgraph_hash(const char *s) {
    size_t h = 1469598103934665603ULL;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    return h;
}

static inline int credgraph_id_grow(credgraph_id_state *st) {
    size_t slotCount = st->slotCount ? st->slotCount * 2 : 256;
    size_t *slots = calloc(slotCount, sizeof(size_t));
    if (!slots) return 0;
    for (size_t i = 0; i < st->count; i++) {
        if (!st->names[i]) continue;
        size_t j = credgraph_hash(st->names[i]) & (slotCount - 1);
        while (slots[j]) j = (j + 1) & (slotCount - 1);
        slots[j] = i + 1;
    }
    free(st->slots);
    st->slots = slots;
    st->slotCount = slotCount;
    return 1;
}

static inline void *credgraph_id_open(Agraph_t *g, Agdisc_t *disc) {
    (void)disc;
    credgraph_id_state *st = calloc(1, sizeof(credgraph_id_state));
    if (st) st->graph = g;
    return st;
}

static inline long credgraph_id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag) {
    credgraph_id_state *st = state;
    (void)objtype;
    if (!str) {
        *id = st->anonymous * 2 + 1;
        st->anonymous++;
        return 1;
    }
    if (st->slotCount) {
        size_t j = credgraph_hash(str) & (st->slotCount - 1);
        while (st->slots[j]) {
            size_t i = st->slots[j] - 1;
            if (st->names[i] && strcmp(st->names[i], str) == 0) { *id = (IDTYPE)(i + 1) * 2; return 1; }
            j = (j + 1) & (st->slotCount - 1);
        }
    }
    if (!createflag) return 0;
    if ((st->count + 1) * 2 > st->slotCount && !credgraph_id_grow(st)) return 0;
    if (st->count == st->capacity) {
        size_t capacity = st->capacity ? st->capacity * 2 : 256;
        char **names = realloc(st->names, capacity * sizeof(char *));
        if (!names) return 0;
        st->names = names;
        st->capacity = capacity;
    }
    /* Names must be cgraph reference-counted strings: its writers look at
     * the string's header (for example to tell HTML-like labels apart). */
    char *copy = agstrdup(st->graph, str);
    if (!copy) return 0;
    st->names[st->count] = copy;
    size_t j = credgraph_hash(copy) & (st->slotCount - 1);
    while (st->slots[j]) j = (j + 1) & (st->slotCount - 1);
    st->slots[j] = st->count + 1;
    st->count++;
    *id = (IDTYPE)st->count * 2;
    return 1;
}

static inline long credgraph_id_alloc(void *state, int objtype, IDTYPE request) {
    (void)state; (void)objtype; (void)request;
    return 0;
}

static inline void credgraph_id_free(void *state, int objtype, IDTYPE id) {
    credgraph_id_state *st = state;
    (void)objtype;
    if (id % 2 != 0 || id == 0) return;
    size_t i = (size_t)(id / 2) - 1;
    if (i < st->count && st->names[i]) {
        agstrfree(st->graph, st->names[i]);
        st->names[i] = NULL;
    }
}

static inline char *credgraph_id_print(void *state, int objtype, IDTYPE id) {
    credgraph_id_state *st = state;
    (void)objtype;
    if (id % 2 != 0 || id == 0) return NULL;
    size_t i = (size_t)(id / 2) - 1;
    return i < st->count ? st->names[i] : NULL;
}

/* The names themselves belong to the graph's string dictionary. */
static inline void credgraph_id_close(void *state) {
    credgraph_id_state *st = state;
    free(st->names);
    free(st->slots);
    free(st);
}

static inline void credgraph_id_register(void *state, int objtype, void *obj) {
    (void)state; (void)objtype; (void)obj;
}

/* The discipline to pass to agopen: default memory and I/O, stable IDs. */
static inline Agdisc_t *credgraph_stable_disc(void) {
    static Agiddisc_t id = {
        credgraph_id_open, credgraph_id_map, credgraph_id_alloc, credgraph_id_free,
        credgraph_id_print, credgraph_id_close, credgraph_id_register,
    };
    static Agdisc_t disc;
    disc.mem = &AgMemDisc;
    disc.id = &id;
    disc.io = &AgIoDisc;
    return &disc;
}

#endif
