/*
 * coverage_util.h — what the test_coverage_*.c programs share: an output collector, tree
 * dumps, diagnostic look-ups, and an allocator that counts live blocks and fails on demand.
 * Everything is static inline so that each program takes only what it uses.
 */
#ifndef SALVAGE_TEST_COVERAGE_UTIL_H
#define SALVAGE_TEST_COVERAGE_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salvage.h"

/* ---- output collected in a NUL-terminated malloc'ed buffer -------------------------------- */

typedef struct cov_out {
    char *data;
    size_t len, cap;
    size_t calls;
} cov_out;

static inline int cov_write(void *ctx, const char *data, size_t len)
{
    cov_out *o = ctx;
    o->calls++;
    if (!o->data || o->len + len + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 1024;
        while (cap < o->len + len + 1)
            cap *= 2;
        o->data = realloc(o->data, cap);
        assert_non_null(o->data);
        o->cap = cap;
    }
    memcpy(o->data + o->len, data, len);
    o->len += len;
    o->data[o->len] = 0;
    return 0;
}

typedef salvage_status (*cov_writer)(const salvage_doc *, salvage_write_fn, void *);

/* What a writer prints for doc, malloc'ed; the writer must answer SALVAGE_OK. */
static inline char *cov_render(const salvage_doc *doc, cov_writer w)
{
    cov_out o = {0};
    cov_write(&o, "", 0);
    assert_int_equal(w(doc, cov_write, &o), SALVAGE_OK);
    return o.data;
}

/* ---- parsing ---------------------------------------------------------------------------------- */

static inline void cov_html_opts(salvage_options *o)
{
    salvage_options_init(o);
    o->input_kind = SALVAGE_INPUT_HTML;
    o->encoding = "utf-8";
    o->flags = SALVAGE_FLAG_NO_ARTICLE;
    o->max_diagnostics = 100000;
}

/* Parses s (OK or LIMIT expected) and returns the document; *st receives the status. */
static inline salvage_doc *cov_parse(const char *s, size_t n, const salvage_options *o,
                                     salvage_status *st)
{
    salvage_doc *doc = NULL;
    salvage_status r = salvage_parse(s, n, o, &doc);
    if (r != SALVAGE_OK && r != SALVAGE_LIMIT)
        fail_msg("salvage_parse: status %d", (int)r);
    assert_non_null(doc);
    if (st)
        *st = r;
    return doc;
}

static inline size_t cov_count_code(const salvage_doc *doc, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        n += strcmp(salvage_doc_diagnostic(doc, i)->code, code) == 0;
    return n;
}

static inline const salvage_diagnostic *cov_find_code(const salvage_doc *doc, const char *code)
{
    for (size_t i = 0; i < salvage_doc_diagnostic_count(doc); i++)
        if (strcmp(salvage_doc_diagnostic(doc, i)->code, code) == 0)
            return salvage_doc_diagnostic(doc, i);
    return NULL;
}

/* The first element named name under root (root included), in document order. */
static inline const salvage_node *cov_find_element(const salvage_node *root, const char *name)
{
    const salvage_node *n = NULL;
    int entering;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL)
        if (entering && salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT &&
            strcmp(salvage_node_name(n), name) == 0)
            return n;
    return NULL;
}

/* Elements named name under root (root included). */
static inline size_t cov_count_elements(const salvage_node *root, const char *name)
{
    const salvage_node *n = NULL;
    int entering;
    size_t count = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL)
        count += entering && salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT &&
                 strcmp(salvage_node_name(n), name) == 0;
    return count;
}

/* ---- an allocator counting live blocks, failing the Nth call, or every call from the Nth on,
 *      or every call while `broken` is set --------------------------------------------------- */

typedef struct cov_alloc {
    size_t calls;   /* malloc and realloc calls so far */
    size_t fail_at; /* 1-based call that fails; 0 = none */
    bool sticky;    /* every call from fail_at on fails, not only that one */
    bool broken;    /* every call fails */
    size_t failed;  /* calls answered with NULL */
    size_t live;    /* bytes allocated, by the sizes free/realloc are told */
    size_t blocks;  /* blocks allocated */
} cov_alloc;

static inline bool cov_alloc_refuses(cov_alloc *c)
{
    c->calls++;
    bool no = c->broken || (c->fail_at && (c->sticky ? c->calls >= c->fail_at
                                                     : c->calls == c->fail_at));
    c->failed += no;
    return no;
}

static inline void *cov_malloc(void *ctx, size_t size)
{
    cov_alloc *c = ctx;
    if (cov_alloc_refuses(c))
        return NULL;
    void *p = malloc(size);
    if (p) {
        c->live += size;
        c->blocks++;
    }
    return p;
}

static inline void *cov_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
    cov_alloc *c = ctx;
    if (cov_alloc_refuses(c))
        return NULL;
    void *p = realloc(ptr, new_size);
    if (p) {
        c->live += new_size;
        c->live -= old_size;
        c->blocks += ptr == NULL;
    }
    return p;
}

static inline void cov_free(void *ctx, void *ptr, size_t size)
{
    cov_alloc *c = ctx;
    c->live -= size;
    c->blocks--;
    free(ptr);
}

static inline salvage_allocator cov_allocator(cov_alloc *c)
{
    return (salvage_allocator){cov_malloc, cov_realloc, cov_free, c};
}

#endif
