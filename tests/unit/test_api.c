/*
 * test_api.c — the public API contract: options and their validation, every limit the
 * foundation enforces at its edge, allocation failure at every allocation, NULL arguments,
 * call order of the streaming parser, and the combining-mark cap of the text builder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage_util.h"
#include "internal.h"
#include "salvage.h"

#ifndef SAMPLE_ARTICLE
#  error "SAMPLE_ARTICLE must name the sample article"
#endif

/* ---- a counting allocator that fails the Nth allocation ------------------------------------ */

typedef struct counting {
    size_t calls;     /* allocations (malloc + growing realloc) so far */
    size_t fail_at;   /* 1-based call that fails; 0 = never */
    size_t live;      /* bytes currently allocated */
    size_t blocks;    /* blocks currently allocated */
    size_t peak;      /* the most bytes allocated at once */
} counting;

static void *c_malloc(void *ctx, size_t size)
{
    counting *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p) {
        c->live += size;
        c->blocks++;
        if (c->live > c->peak)
            c->peak = c->live;
    }
    return p;
}

static void *c_realloc(void *ctx, void *ptr, size_t old_size, size_t new_size)
{
    counting *c = ctx;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = realloc(ptr, new_size);
    if (p) {
        c->live += new_size;
        c->live -= old_size;
        if (!ptr)
            c->blocks++;
        if (c->live > c->peak)
            c->peak = c->live;
    }
    return p;
}

static void c_free(void *ctx, void *ptr, size_t size)
{
    counting *c = ctx;
    c->live -= size;
    c->blocks--;
    free(ptr);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int discard(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return 0;
}

/* Fails allocation 1, 2, 3, ... until a parse succeeds; every run must end in OK or ENOMEM
 * with nothing left allocated. */
static void fail_every_allocation(const char *data, size_t len, salvage_input_kind kind)
{
    size_t ok_at = 0;
    for (size_t n = 1; n < 100000 && !ok_at; n++) {
        counting c = {0, n, 0, 0, 0};
        salvage_options o;
        salvage_options_init(&o);
        o.input_kind = kind;
        o.allocator = (salvage_allocator){c_malloc, c_realloc, c_free, &c};
        salvage_doc *doc = NULL;
        salvage_status st = salvage_parse(data, len, &o, &doc);
        if (st == SALVAGE_OK) {
            assert_non_null(doc);
            assert_int_equal(salvage_write_json(doc, discard, NULL), SALVAGE_OK);
            salvage_doc_free(doc);
            ok_at = n;
        } else {
            if (st != SALVAGE_ENOMEM)
                fail_msg("allocation %zu failed: status %d, expected ENOMEM", n, (int)st);
            assert_null(doc);
        }
        if (c.live != 0 || c.blocks != 0)
            fail_msg("allocation %zu failed: %zu bytes in %zu blocks leaked", n, c.live,
                     c.blocks);
    }
    assert_true(ok_at > 1); /* at least one failure was exercised */
}

static void test_enomem_text(void **state)
{
    (void)state;
    size_t len;
    char *data = read_file(SAMPLE_ARTICLE, &len);
    fail_every_allocation(data, len, SALVAGE_INPUT_TEXT);
    free(data);
}

static void test_enomem_small_inputs(void **state)
{
    (void)state;
    static const char html[] = "<!DOCTYPE html><p>Hello <b>world</b></p><table><td>x</table>";
    fail_every_allocation(html, sizeof html - 1, SALVAGE_INPUT_HTML);
    static const char utf16[] = "\xFF\xFE" "h\x00i\x00\n\x00\n\x00\x00\xDC";
    fail_every_allocation(utf16, sizeof utf16 - 1, SALVAGE_INPUT_AUTO);
    fail_every_allocation("", 0, SALVAGE_INPUT_AUTO);
}

/* ---- options ---------------------------------------------------------------------------- */

static void test_options_defaults(void **state)
{
    (void)state;
    salvage_options o;
    salvage_options_init(&o);
    assert_int_equal(o.struct_size, sizeof o);
    assert_int_equal(o.max_depth, 512);
    assert_int_equal(o.max_diagnostics, 1000);
    assert_int_equal(o.max_combining, 30);
    assert_int_equal(o.max_memory, (size_t)1 << 30);
    assert_true(o.max_input_bytes >= 1024 * 1024);
    assert_int_equal(o.input_kind, SALVAGE_INPUT_AUTO);
}

static void test_invalid_arguments(void **state)
{
    (void)state;
    salvage_doc *doc = (salvage_doc *)1;
    assert_int_equal(salvage_parse(NULL, 3, NULL, &doc), SALVAGE_INVALID_ARG);
    assert_null(doc);
    assert_int_equal(salvage_parse("x", 1, NULL, NULL), SALVAGE_INVALID_ARG);
    salvage_options o;
    salvage_options_init(&o);
    o.max_depth = 0;
    assert_int_equal(salvage_parse("x", 1, &o, &doc), SALVAGE_INVALID_ARG);
    salvage_options_init(&o);
    o.max_memory = 0;
    assert_int_equal(salvage_parse("x", 1, &o, &doc), SALVAGE_INVALID_ARG);
    salvage_options_init(&o);
    o.struct_size = 8;
    assert_int_equal(salvage_parse("x", 1, &o, &doc), SALVAGE_INVALID_ARG);
    salvage_options_init(&o);
    o.input_kind = (salvage_input_kind)7;
    assert_int_equal(salvage_parse("x", 1, &o, &doc), SALVAGE_INVALID_ARG);
    /* NULL documents give empty answers. */
    assert_int_equal(salvage_doc_block_count(NULL), 0);
    assert_null(salvage_doc_block(NULL, 0));
    assert_null(salvage_doc_diagnostic(NULL, 0));
    assert_int_equal(salvage_write_json(NULL, discard, NULL), SALVAGE_INVALID_ARG);
    salvage_doc_free(NULL);
    assert_string_equal(salvage_status_string(SALVAGE_ENOMEM), "out of memory");
    assert_string_equal(salvage_version(), SALVAGE_VERSION_STRING);
    /* The empty input is a document with no blocks. */
    assert_int_equal(salvage_parse(NULL, 0, NULL, &doc), SALVAGE_OK);
    assert_int_equal(salvage_doc_block_count(doc), 0);
    salvage_doc_free(doc);
}

static void test_parser_call_order(void **state)
{
    (void)state;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(NULL, &p), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "abc", 3), SALVAGE_OK);
    salvage_doc *doc;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "x", 1), SALVAGE_STATE);
    salvage_doc *again;
    assert_int_equal(salvage_parser_finish(p, &again), SALVAGE_STATE);
    salvage_parser_free(p); /* the document is the caller's now */
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "abc");
    salvage_doc_free(doc);
    /* ... in either order. */
    assert_int_equal(salvage_parser_new(NULL, &p), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "abc", 3), SALVAGE_OK);
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
    salvage_doc_free(doc);
    salvage_parser_free(p);
    /* A parser freed before finishing frees everything (checked by ASan/valgrind). */
    assert_int_equal(salvage_parser_new(NULL, &p), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "abc", 3), SALVAGE_OK);
    salvage_parser_free(p);
}

/* ---- limits at their edges -------------------------------------------------------------------- */

static void test_limit_input_bytes(void **state)
{
    (void)state;
    const char *s = "0123456789";
    for (size_t limit = 9; limit <= 11; limit++) {
        salvage_options o;
        salvage_options_init(&o);
        o.max_input_bytes = limit;
        salvage_doc *doc = NULL;
        salvage_status st = salvage_parse(s, 10, &o, &doc);
        if (limit < 10) {
            assert_int_equal(st, SALVAGE_LIMIT);
            assert_null(doc);
        } else {
            assert_int_equal(st, SALVAGE_OK);
            assert_int_equal(salvage_doc_input_bytes(doc), 10);
            salvage_doc_free(doc);
        }
    }
    /* Streaming: the feed that crosses the limit fails, and so does finish. */
    salvage_options o;
    salvage_options_init(&o);
    o.max_input_bytes = 5;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "abcde", 5), SALVAGE_OK);
    assert_int_equal(salvage_parser_feed(p, "f", 1), SALVAGE_LIMIT);
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_LIMIT);
    assert_null(doc);
    salvage_parser_free(p);
}

static void test_limit_diagnostics(void **state)
{
    (void)state;
    /* Ten invalid bytes: at least 12 diagnostics (input kind, encoding, one per byte). The
     * total is measured with a generous limit, then the limit is set around it. */
    const char *s = "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF";
    salvage_options o;
    salvage_options_init(&o);
    o.encoding = "utf-8";
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parse(s, 10, &o, &doc), SALVAGE_OK);
    size_t total = salvage_doc_diagnostic_count(doc);
    assert_int_equal(salvage_doc_diagnostics_dropped(doc), 0);
    assert_true(total >= 12);
    salvage_doc_free(doc);
    for (size_t limit = total - 1; limit <= total + 1; limit++) {
        o.max_diagnostics = limit;
        assert_int_equal(salvage_parse(s, 10, &o, &doc), SALVAGE_OK);
        size_t kept = limit < total ? limit : total;
        assert_int_equal(salvage_doc_diagnostic_count(doc), kept);
        assert_int_equal(salvage_doc_diagnostics_dropped(doc), total - kept);
        salvage_doc_free(doc);
    }
}

/* Parses data under budgets from 1 byte up to exactly what the unlimited parse holds. Every
 * parse either fits, with the same JSON as the unlimited one and salvage_doc_memory within
 * the budget, or ends in SALVAGE_LIMIT with no document; the allocator never holds more than
 * the budget plus the fixed document and parser headers; nothing leaks. */
static void check_memory_budget(const char *data, size_t len, salvage_input_kind kind)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = kind;
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parse(data, len, &o, &doc), SALVAGE_OK);
    size_t need = salvage_doc_memory(doc);
    assert_true(need >= len / 2 && need < ((size_t)1 << 30));
    cov_out full = {0};
    assert_int_equal(salvage_write_json(doc, cov_write, &full), SALVAGE_OK);
    salvage_doc_free(doc);
    const size_t headers = sizeof(struct salvage_doc) + 2048;
    size_t fitted = 0;
    for (size_t k = 0; k <= 40; k++) {
        size_t budget = k == 40 ? need : need / 40 * k + 1;
        counting c = {0, 0, 0, 0, 0};
        o.allocator = (salvage_allocator){c_malloc, c_realloc, c_free, &c};
        o.max_memory = budget;
        salvage_status st = salvage_parse(data, len, &o, &doc);
        if (c.peak > budget + headers)
            fail_msg("budget %zu: %zu bytes were allocated at once", budget, c.peak);
        if (st == SALVAGE_OK) {
            assert_non_null(doc);
            assert_true(salvage_doc_memory(doc) <= budget);
            cov_out out = {0};
            assert_int_equal(salvage_write_json(doc, cov_write, &out), SALVAGE_OK);
            assert_int_equal(out.len, full.len);
            assert_memory_equal(out.data, full.data, full.len);
            free(out.data);
            salvage_doc_free(doc);
            fitted++;
        } else {
            if (st != SALVAGE_LIMIT)
                fail_msg("budget %zu: status %d, expected LIMIT", budget, (int)st);
            assert_null(doc);
            assert_true(k < 40); /* exactly what the unlimited parse held always fits */
        }
        assert_int_equal(c.live, 0);
    }
    assert_true(fitted >= 1 && fitted < 40); /* both sides of the edge were seen */
    free(full.data);
}

static void test_limit_memory(void **state)
{
    (void)state;
    size_t len;
    char *data = read_file(SAMPLE_ARTICLE, &len);
    check_memory_budget(data, len, SALVAGE_INPUT_TEXT);
    free(data);
    static const char html[] = "<!DOCTYPE html><title>t</title><p>Hello <b>world</b></p>"
                               "<table><td>x<td>y</table><ul><li>one<li>two</ul>";
    check_memory_budget(html, sizeof html - 1, SALVAGE_INPUT_HTML);
    /* Streaming: the feed that needs more memory fails, later calls report it, finish gives
     * no document. */
    salvage_options o;
    salvage_options_init(&o);
    o.max_memory = 16384;
    salvage_parser *p;
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
    salvage_status st = SALVAGE_OK;
    size_t fed = 0;
    while (st == SALVAGE_OK && fed < 1000) {
        st = salvage_parser_feed(p, "<p>some text</p>", 16);
        fed++;
    }
    assert_int_equal(st, SALVAGE_LIMIT);
    assert_int_equal(salvage_parser_feed(p, "x", 1), SALVAGE_LIMIT);
    salvage_doc *doc = NULL;
    assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_LIMIT);
    assert_null(doc);
    salvage_parser_free(p);
    /* A budget too small for the document's first allocation. */
    o.max_memory = 1;
    o.encoding = "utf-8";
    assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_LIMIT);
    assert_int_equal(salvage_parse("x", 1, &o, &doc), SALVAGE_LIMIT);
    assert_null(doc);
}

static void test_limit_combining(void **state)
{
    (void)state;
    /* "x" + N × U+0334 (combining tilde overlay, class 1, never composes). */
    for (size_t limit = 4; limit <= 6; limit++) {
        for (size_t n = limit - 1; n <= limit + 1; n++) {
            salvage_options o;
            salvage_options_init(&o);
            o.max_combining = limit;
            salvage_parser *p;
            assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
            salvage_doc *doc;
            /* an empty document gives an arena to build text in */
            assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_OK);
            salvage_parser_free(p);
            char in[64] = "x";
            for (size_t i = 0; i < n; i++)
                strcat(in, "\xCC\xB4");
            sv_buf out;
            sv_buf_init(&out, &doc->arena);
            assert_int_equal(sv_nfc_append(doc, &out, in, strlen(in)), 0);
            size_t kept = n < limit ? n : limit;
            assert_int_equal(out.len, 1 + 2 * kept);
            salvage_doc_free(doc);
        }
    }
}

static void test_nfc(void **state)
{
    (void)state;
    salvage_doc *doc;
    /* e + U+0301 composes to é; NFC can be switched off. */
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_TEXT;
    assert_int_equal(salvage_parse("cafe\xCC\x81", 6, &o, &doc), SALVAGE_OK);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "caf\xC3\xA9");
    salvage_doc_free(doc);
    o.flags |= SALVAGE_FLAG_NO_NFC;
    assert_int_equal(salvage_parse("cafe\xCC\x81", 6, &o, &doc), SALVAGE_OK);
    assert_string_equal(salvage_doc_block(doc, 0)->content.text, "cafe\xCC\x81");
    salvage_doc_free(doc);
}

/* ---- HTML limits at their edges (limit - 1, limit, limit + 1) --------------------------------- */

static salvage_doc *parse_html_opts(const char *src, size_t len, const salvage_options *o,
                                    salvage_status *st)
{
    salvage_doc *doc = NULL;
    *st = salvage_parse(src, len, o, &doc);
    assert_non_null(doc);
    return doc;
}

static size_t count_nodes(const salvage_doc *doc, const char *name, size_t *max_depth)
{
    const salvage_node *root = salvage_doc_root(doc), *n = NULL;
    int entering;
    size_t count = 0, depth = 0;
    if (max_depth)
        *max_depth = 0;
    while ((n = salvage_walk_next(root, n, &entering)) != NULL) {
        bool leaf = salvage_node_first_child(n) == NULL;
        if (entering) {
            if (!name || (salvage_node_get_type(n) == SALVAGE_NODE_ELEMENT &&
                          strcmp(salvage_node_name(n), name) == 0))
                count++;
            if (!leaf)
                depth++;
            if (max_depth && depth + leaf > *max_depth)
                *max_depth = depth + leaf;
        } else {
            depth--;
        }
    }
    return count;
}

static void html_options(salvage_options *o)
{
    salvage_options_init(o);
    o->input_kind = SALVAGE_INPUT_HTML;
    o->flags |= SALVAGE_FLAG_NO_ARTICLE;
    o->max_diagnostics = 100000;
}

static void test_limit_attributes(void **state)
{
    (void)state;
    const size_t limit = 8;
    for (size_t n = limit - 1; n <= limit + 1; n++) {
        char src[256] = "<p";
        for (size_t i = 0; i < n; i++)
            snprintf(src + strlen(src), sizeof src - strlen(src), " a%zu=%zu", i, i);
        strcat(src, ">x");
        salvage_options o;
        html_options(&o);
        o.max_attributes = limit;
        salvage_status st;
        salvage_doc *doc = parse_html_opts(src, strlen(src), &o, &st);
        const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
        assert_non_null(p);
        assert_int_equal(salvage_node_attribute_count(p), n < limit ? n : limit);
        /* the first ones are kept */
        assert_string_equal(salvage_node_get_attribute(p, "a0"), "0");
        assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-attributes") > 0, n > limit);
        salvage_doc_free(doc);
    }
}

static void test_limit_attr_length(void **state)
{
    (void)state;
    const size_t limit = 16;
    for (size_t n = limit - 1; n <= limit + 1; n++) {
        char src[128] = "<p title=\"";
        memset(src + strlen(src), 'v', n);
        strcpy(src + 10 + n, "\">x");
        salvage_options o;
        html_options(&o);
        o.max_attr_length = limit;
        salvage_status st;
        salvage_doc *doc = parse_html_opts(src, strlen(src), &o, &st);
        const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
        assert_non_null(p);
        const char *v = salvage_node_get_attribute(p, "title");
        assert_non_null(v);
        assert_int_equal(strlen(v), n < limit ? n : limit);
        assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-attr-length") > 0, n > limit);
        salvage_doc_free(doc);
    }
}

static void test_limit_text_length(void **state)
{
    (void)state;
    const size_t limit = 64;
    for (size_t n = limit - 1; n <= limit + 1; n++) {
        char src[256] = "<p>";
        memset(src + 3, 't', n);
        src[3 + n] = 0;
        salvage_options o;
        html_options(&o);
        o.max_text_length = limit;
        salvage_status st;
        salvage_doc *doc = parse_html_opts(src, strlen(src), &o, &st);
        const salvage_node *p = cov_find_element(salvage_doc_root(doc), "p");
        assert_non_null(p);
        size_t len = 0;
        assert_non_null(salvage_node_text(salvage_node_first_child(p), &len));
        assert_int_equal(len, n < limit ? n : limit);
        assert_int_equal(st, n > limit ? SALVAGE_LIMIT : SALVAGE_OK);
        salvage_doc_free(doc);
    }
}

static void test_limit_depth(void **state)
{
    (void)state;
    /* html and body take two levels of the stack of open elements. */
    const size_t limit = 20;
    for (size_t n = limit - 3; n <= limit - 1; n++) {
        char src[512] = "";
        for (size_t i = 0; i < n; i++)
            strcat(src, "<div>");
        strcat(src, "x");
        salvage_options o;
        html_options(&o);
        o.max_depth = limit;
        salvage_status st;
        salvage_doc *doc = parse_html_opts(src, strlen(src), &o, &st);
        size_t deepest;
        /* nothing is lost: every div is in the tree */
        assert_int_equal(count_nodes(doc, "div", &deepest), n);
        /* elements within the limit, plus the document node and the text leaf */
        assert_true(deepest <= limit + 2);
        assert_int_equal(st, SALVAGE_OK);
        /* elements beyond the limit are attached at the deepest level, with a diagnostic */
        assert_int_equal(cov_count_code(doc, "depth-limit") > 0, n + 2 > limit);
        salvage_doc_free(doc);
    }
}

static void test_limit_nodes(void **state)
{
    (void)state;
    const char *src = "<p>a<p>b<p>c<p>d<p>e";
    salvage_options o;
    html_options(&o);
    salvage_status st;
    salvage_doc *doc = parse_html_opts(src, strlen(src), &o, &st);
    size_t total = count_nodes(doc, NULL, NULL);
    assert_int_equal(st, SALVAGE_OK);
    salvage_doc_free(doc);
    assert_true(total > 10);
    for (size_t limit = total - 1; limit <= total + 1; limit++) {
        html_options(&o);
        o.max_nodes = limit;
        doc = parse_html_opts(src, strlen(src), &o, &st);
        size_t got = count_nodes(doc, NULL, NULL);
        assert_int_equal(got, limit < total ? limit : total);
        assert_int_equal(st, limit < total ? SALVAGE_LIMIT : SALVAGE_OK);
        assert_int_equal(cov_count_code(doc, "limit-nodes") > 0, limit < total);
        salvage_doc_free(doc);
    }
}

/* <p>, <i a0>..<i a(n-1)>, </p>, then <p>x</p> n times: each x reconstructs the n
 * formatting elements that </p> closed, so the standard asks for n * n clones. */
static char *reconstruct_storm(size_t n, size_t *len)
{
    char *s = malloc(32 + n * 24);
    assert_non_null(s);
    size_t k = (size_t)sprintf(s, "<p>");
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(s + k, "<i a%zu>", i);
    k += (size_t)sprintf(s + k, "</p>");
    for (size_t i = 0; i < n; i++)
        k += (size_t)sprintf(s + k, "<p>x</p>");
    *len = k;
    return s;
}

static void test_limit_node_ratio(void **state)
{
    (void)state;
    size_t len;
    char *src = reconstruct_storm(200, &len);
    salvage_options o;
    html_options(&o);
    salvage_status st;
    /* The default ratio (4) allows 4 * (16384 + offset) nodes: all 40,000 clones fit. */
    salvage_doc *doc = parse_html_opts(src, len, &o, &st);
    size_t full = count_nodes(doc, NULL, NULL);
    assert_int_equal(st, SALVAGE_OK);
    assert_int_equal(cov_count_code(doc, "limit-node-ratio"), 0);
    assert_true(full > 200 * 200);
    salvage_doc_free(doc);

    /* Ratio 1: the first node refused is the one that would pass 16384 + offset of the
     * token being processed; later tokens raise the budget again. */
    o.max_node_ratio = 1;
    doc = parse_html_opts(src, len, &o, &st);
    assert_int_equal(st, SALVAGE_LIMIT);
    assert_int_equal(cov_count_code(doc, "limit-node-ratio"), 1);
    const salvage_diagnostic *d = cov_find_code(doc, "limit-node-ratio");
    size_t at_nodes = 0, at_pos = 0;
    assert_int_equal(sscanf(d->message, "%zu nodes after %zu bytes", &at_nodes, &at_pos), 2);
    assert_int_equal(at_pos, d->offset);
    assert_true(at_pos < len);
    assert_int_equal(at_nodes, 16384 + at_pos);
    size_t got = count_nodes(doc, NULL, NULL);
    assert_true(got >= at_nodes && got <= 16384 + len + 4);
    assert_true(got < full);
    size_t diag_off = d->offset;
    salvage_doc_free(doc);

    /* Streaming meets the budget at the same token whatever the chunks. */
    for (size_t chunk = 1; chunk <= 13; chunk += 6) {
        salvage_parser *p = NULL;
        assert_int_equal(salvage_parser_new(&o, &p), SALVAGE_OK);
        for (size_t i = 0; i < len; i += chunk)
            assert_int_equal(salvage_parser_feed(p, src + i, len - i < chunk ? len - i : chunk),
                             SALVAGE_OK);
        assert_int_equal(salvage_parser_finish(p, &doc), SALVAGE_LIMIT);
        salvage_parser_free(p);
        assert_int_equal(count_nodes(doc, NULL, NULL), got);
        assert_int_equal(cov_find_code(doc, "limit-node-ratio")->offset, diag_off);
        salvage_doc_free(doc);
    }

    /* 0 is not a ratio. */
    o.max_node_ratio = 0;
    doc = NULL;
    assert_int_equal(salvage_parse(src, len, &o, &doc), SALVAGE_INVALID_ARG);
    assert_null(doc);
    free(src);
}

/* ---- arena ------------------------------------------------------------------------------------ */

static void test_arena_alignment_and_growth(void **state)
{
    (void)state;
    salvage_allocator a = {0};
    sv_allocator_resolve(&a);
    sv_arena arena;
    sv_arena_init(&arena, &a, 0);
    char *prev = NULL;
    for (size_t i = 1; i < 3000; i += 7) {
        char *p = sv_arena_alloc(&arena, i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, i);
        prev = p;
    }
    /* Growing the last allocation stays in place while it fits. */
    char *g = sv_arena_alloc(&arena, 16);
    memcpy(g, "0123456789abcde", 16);
    char *g2 = sv_arena_grow(&arena, g, 16, 32);
    assert_ptr_equal(g, g2);
    /* Growing an older one copies. */
    char *g3 = sv_arena_grow(&arena, prev, 1, 64);
    assert_ptr_not_equal(g3, prev);
    assert_int_equal((unsigned char)g3[0], 0xAB);
    /* Overflowing sizes fail cleanly. */
    assert_null(sv_arena_alloc(&arena, SIZE_MAX));
    assert_null(sv_arena_calloc(&arena, SIZE_MAX / 2, 4));
    sv_arena_free_all(&arena);
}

/* An allocator that counts reallocs and can be made to fail. */
typedef struct grow_alloc {
    size_t reallocs;
    bool fail;
} grow_alloc;

static void *ga_malloc(void *ctx, size_t n)
{
    return ((grow_alloc *)ctx)->fail ? NULL : malloc(n);
}

static void *ga_realloc(void *ctx, void *p, size_t old_size, size_t n)
{
    grow_alloc *g = ctx;
    (void)old_size;
    if (g->fail)
        return NULL;
    g->reallocs++;
    return realloc(p, n);
}

static void ga_free(void *ctx, void *p, size_t n)
{
    (void)ctx;
    (void)n;
    free(p);
}

/* A large block in a chunk of its own grows by the allocator's realloc, so no outgrown copy
 * stays: its bytes move with it, the blocks after it stay, the arena's total grows by the
 * difference only. A failed realloc leaves the block as it was; the budget is checked as if
 * the block were copied; a small block is still copied. */
static void test_arena_grows_large_block_by_realloc(void **state)
{
    (void)state;
    grow_alloc g = {0, false};
    salvage_allocator a = {ga_malloc, ga_realloc, ga_free, &g};
    sv_arena arena;
    sv_arena_init(&arena, &a, 0);
    const size_t big = 100000; /* over the 4 KiB first chunk: a chunk of its own */
    char *p = sv_arena_alloc(&arena, big);
    assert_non_null(p);
    memset(p, 'x', big);
    p[0] = 'a';
    p[big - 1] = 'z';
    char *small = sv_arena_alloc(&arena, 8); /* after it: p is no longer the last block */
    memcpy(small, "small", 6);
    size_t before = arena.total;
    char *q = sv_arena_grow(&arena, p, big, 3 * big);
    assert_non_null(q);
    assert_int_equal(g.reallocs, 1);
    assert_int_equal(arena.total - before, 2 * big);
    assert_int_equal(q[0], 'a');
    assert_int_equal(q[big - 1], 'z');
    memset(q + big, 'y', 2 * big); /* the new part is the block's (ASan checks) */
    assert_string_equal(small, "small");

    g.fail = true;
    assert_null(sv_arena_grow(&arena, q, 3 * big, 6 * big));
    assert_int_equal(q[0], 'a');
    assert_int_equal(q[3 * big - 1], 'y');
    g.fail = false;

    arena.budget = arena.total + 3 * big; /* the grown block alone would fit, old and new not */
    assert_null(sv_arena_grow(&arena, q, 3 * big, 6 * big));
    assert_true(arena.over_budget);
    assert_int_equal(g.reallocs, 1);
    arena.budget = SIZE_MAX;

    assert_non_null(sv_arena_alloc(&arena, 8)); /* small is no longer the last block */
    char *s2 = sv_arena_grow(&arena, small, 8, 16);
    assert_ptr_not_equal(s2, small);
    assert_string_equal(s2, "small");
    assert_int_equal(g.reallocs, 1);
    sv_arena_free_all(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_defaults),
        cmocka_unit_test(test_invalid_arguments),
        cmocka_unit_test(test_parser_call_order),
        cmocka_unit_test(test_limit_input_bytes),
        cmocka_unit_test(test_limit_diagnostics),
        cmocka_unit_test(test_limit_combining),
        cmocka_unit_test(test_limit_memory),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_arena_alignment_and_growth),
        cmocka_unit_test(test_arena_grows_large_block_by_realloc),
        cmocka_unit_test(test_limit_attributes),
        cmocka_unit_test(test_limit_attr_length),
        cmocka_unit_test(test_limit_text_length),
        cmocka_unit_test(test_limit_depth),
        cmocka_unit_test(test_limit_nodes),
        cmocka_unit_test(test_limit_node_ratio),
        cmocka_unit_test(test_enomem_text),
        cmocka_unit_test(test_enomem_small_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
