/*
 * test_tokenizer.c — what the html5lib-tests suite does not reach: the limits of
 * salvage_options, token offsets, state changes made by the token callback, CDATA sections
 * switched on by the caller, character runs longer than one piece, attribute floods, and
 * allocation failure. Expected values are worked by hand from each input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tags.h"
#include "tokenizer.h"

/* ---- a recorder of tokens ---------------------------------------------------------------- */

#define MAX_TOKS 64

typedef struct rec_tok {
    sv_tok_type type;
    size_t offset, end;
    char name[64];
    size_t attr_count;
    char attr[8][2][64]; /* first attributes: name, value (shortened) */
    size_t attr_off[8];
    size_t value_len[8];
    bool self_closing;
    unsigned tag;
} rec_tok;

typedef struct recorder {
    rec_tok toks[MAX_TOKS];
    size_t n;
    char *chars; /* all characters, joined */
    size_t chars_len;
    size_t char_tokens;
    size_t char_lens[64]; /* lengths of the first character tokens */
    bool chars_valid_utf8; /* every character token ends on a character boundary */
    size_t comment_len;
    sv_tokenizer *t;
    bool switch_title_to_rcdata;
} recorder;

static void copy_short(char *dst, const char *s, size_t n)
{
    size_t k = n < 63 ? n : 63;
    memcpy(dst, s, k);
    dst[k] = 0;
}

static bool ends_on_boundary(const char *s, size_t n)
{
    size_t i = n, k = 0;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        k++;
    }
    if (i == 0)
        return k == 0;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return k == need;
}

static void on_token(void *ctx, sv_token *tok)
{
    recorder *r = ctx;
    if (tok->type == SV_TOK_CHARACTER) {
        r->chars = realloc(r->chars, r->chars_len + tok->data_len + 1);
        assert_non_null(r->chars);
        memcpy(r->chars + r->chars_len, tok->data, tok->data_len);
        r->chars_len += tok->data_len;
        r->chars[r->chars_len] = 0;
        if (r->char_tokens < 64)
            r->char_lens[r->char_tokens] = tok->data_len;
        r->char_tokens++;
        if (!ends_on_boundary(tok->data, tok->data_len) || tok->data[0] == 0 ||
            ((unsigned char)tok->data[0] & 0xC0) == 0x80)
            r->chars_valid_utf8 = false;
    }
    if (tok->type == SV_TOK_COMMENT)
        r->comment_len = tok->data_len;
    if (r->n == MAX_TOKS)
        return;
    rec_tok *o = &r->toks[r->n++];
    o->type = tok->type;
    o->offset = tok->offset;
    o->end = tok->end;
    if (tok->type == SV_TOK_COMMENT)
        copy_short(o->name, tok->data, tok->data_len);
    else if (tok->name)
        copy_short(o->name, tok->name, tok->name_len);
    o->attr_count = tok->attr_count;
    o->self_closing = tok->self_closing;
    o->tag = tok->tag;
    for (size_t i = 0; i < tok->attr_count && i < 8; i++) {
        copy_short(o->attr[i][0], tok->attrs[i].name, tok->attrs[i].name_len);
        copy_short(o->attr[i][1], tok->attrs[i].value, tok->attrs[i].value_len);
        o->attr_off[i] = tok->attrs[i].offset;
        o->value_len[i] = tok->attrs[i].value_len;
    }
    /* As the tree builder does: <title> switches the tokenizer to RCDATA. */
    if (r->switch_title_to_rcdata && tok->type == SV_TOK_START_TAG &&
        strcmp(o->name, "title") == 0)
        sv_tokenizer_set_state(r->t, SV_TS_RCDATA);
}

/* ---- documents --------------------------------------------------------------------------- */

/* Fails every allocation after `budget` of them (when armed). */
typedef struct failing {
    long budget;
    bool armed;
} failing;

static void *fail_malloc(void *ctx, size_t n)
{
    failing *f = ctx;
    if (f->armed && f->budget-- <= 0)
        return NULL;
    return malloc(n);
}

static void *fail_realloc(void *ctx, void *p, size_t old, size_t n)
{
    failing *f = ctx;
    (void)old;
    if (f->armed && f->budget-- <= 0)
        return NULL;
    return realloc(p, n);
}

static void fail_free(void *ctx, void *p, size_t n)
{
    (void)ctx;
    (void)n;
    free(p);
}

static salvage_doc *doc_new(failing *f)
{
    salvage_doc *doc = calloc(1, sizeof *doc);
    assert_non_null(doc);
    salvage_options_init(&doc->opts);
    if (f) {
        doc->alloc.malloc_fn = fail_malloc;
        doc->alloc.realloc_fn = fail_realloc;
        doc->alloc.free_fn = fail_free;
        doc->alloc.ctx = f;
    }
    sv_allocator_resolve(&doc->alloc);
    sv_arena_init(&doc->arena, &doc->alloc, 0);
    sv_vec_init(&doc->diags, &doc->arena, sizeof(salvage_diagnostic));
    doc->status = SALVAGE_OK;
    return doc;
}

static void doc_free(salvage_doc *doc)
{
    sv_arena_free_all(&doc->arena);
    free(doc);
}

static recorder *rec_new(void)
{
    recorder *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->chars_valid_utf8 = true;
    return r;
}

static void rec_free(recorder *r)
{
    free(r->chars);
    free(r);
}

/* Tokenizes s in chunks of `chunk` bytes (0: one chunk). */
static void tokenize(salvage_doc *doc, recorder *r, const char *s, size_t len, size_t chunk)
{
    sv_tokenizer *t = sv_tokenizer_new(doc, on_token, r);
    assert_non_null(t);
    r->t = t;
    size_t step = chunk ? chunk : (len ? len : 1);
    for (size_t at = 0; at < len; at += step)
        assert_int_equal(sv_tokenizer_feed(t, s + at, len - at < step ? len - at : step), 0);
    assert_int_equal(sv_tokenizer_finish(t), 0);
}

static size_t count_code(const salvage_doc *doc, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->diags.len; i++) {
        const salvage_diagnostic *d = sv_vec_at(&doc->diags, i);
        n += strcmp(d->code, code) == 0;
    }
    return n;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void test_offsets(void **state)
{
    (void)state;
    salvage_doc *doc = doc_new(NULL);
    recorder *r = rec_new();
    /*          0123456789012345 */
    tokenize(doc, r, "<a href=x>hi</a>", 16, 3);
    assert_int_equal(r->n, 4);
    assert_int_equal(r->toks[0].type, SV_TOK_START_TAG);
    assert_int_equal(r->toks[0].offset, 0);
    assert_int_equal(r->toks[0].end, 10);
    assert_int_equal(r->toks[0].attr_off[0], 3);
    assert_int_equal(r->toks[1].type, SV_TOK_CHARACTER);
    assert_int_equal(r->toks[1].offset, 10);
    assert_int_equal(r->toks[1].end, 12);
    assert_int_equal(r->toks[2].type, SV_TOK_END_TAG);
    assert_int_equal(r->toks[2].offset, 12);
    assert_int_equal(r->toks[2].end, 16);
    assert_int_equal(r->toks[3].type, SV_TOK_EOF);
    assert_int_equal(r->toks[3].offset, 16);
    rec_free(r);
    doc_free(doc);
}

static void test_callback_switches_state(void **state)
{
    (void)state;
    salvage_doc *doc = doc_new(NULL);
    recorder *r = rec_new();
    r->switch_title_to_rcdata = true;
    const char *s = "<title>a<b>&amp;</TITLE >x";
    tokenize(doc, r, s, strlen(s), 1);
    /* In RCDATA "<b>" is text, the reference is resolved, and only </title> ends it. */
    assert_int_equal(r->toks[0].type, SV_TOK_START_TAG);
    assert_int_equal(r->toks[1].type, SV_TOK_CHARACTER);
    assert_int_equal(r->toks[2].type, SV_TOK_END_TAG);
    assert_string_equal(r->toks[2].name, "title");
    assert_string_equal(r->chars, "a<b>&x");
    rec_free(r);
    doc_free(doc);
}

static void test_cdata_allowed(void **state)
{
    (void)state;
    const char *s = "<![CDATA[x<y]]>";
    salvage_doc *doc = doc_new(NULL);
    recorder *r = rec_new();
    tokenize(doc, r, s, strlen(s), 0);
    assert_int_equal(r->toks[0].type, SV_TOK_COMMENT);
    assert_string_equal(r->toks[0].name, "[CDATA[x<y]]");
    assert_int_equal(count_code(doc, "cdata-in-html-content"), 1);
    rec_free(r);
    doc_free(doc);

    doc = doc_new(NULL);
    r = rec_new();
    sv_tokenizer *t = sv_tokenizer_new(doc, on_token, r);
    assert_non_null(t);
    sv_tokenizer_set_cdata_allowed(t, true);
    for (size_t i = 0; s[i]; i++)
        assert_int_equal(sv_tokenizer_feed(t, s + i, 1), 0);
    assert_int_equal(sv_tokenizer_finish(t), 0);
    assert_string_equal(r->chars, "x<y");
    assert_int_equal(doc->diags.len, 0);
    rec_free(r);
    doc_free(doc);
}

static void test_limit_attributes(void **state)
{
    (void)state;
    salvage_doc *doc = doc_new(NULL);
    doc->opts.max_attributes = 3;
    recorder *r = rec_new();
    const char *s = "<p a=1 b=2 c=3 d=4 e=5><p a=1>";
    tokenize(doc, r, s, strlen(s), 0);
    assert_int_equal(r->toks[0].attr_count, 3);
    assert_string_equal(r->toks[0].attr[2][0], "c");
    assert_int_equal(r->toks[1].attr_count, 1);
    assert_int_equal(count_code(doc, "limit-attributes"), 1); /* once per tag */
    assert_int_equal(doc->status, SALVAGE_LIMIT);
    rec_free(r);
    doc_free(doc);
}

static void test_limit_attr_length(void **state)
{
    (void)state;
    salvage_doc *doc = doc_new(NULL);
    doc->opts.max_attr_length = 5;
    recorder *r = rec_new();
    /* "ab" + U+00E9 (2 bytes) + U+20AC (3 bytes): the euro sign does not fit in 5 bytes and
     * is dropped whole, not cut inside its UTF-8 sequence. */
    const char *s = "<abcdefgh title=\"ab\xC3\xA9\xE2\x82\xAC\">";
    tokenize(doc, r, s, strlen(s), 1);
    assert_string_equal(r->toks[0].name, "abcde");
    assert_string_equal(r->toks[0].attr[0][0], "title");
    assert_string_equal(r->toks[0].attr[0][1], "ab\xC3\xA9");
    assert_int_equal(count_code(doc, "limit-attr-length"), 2); /* tag name, value */
    assert_int_equal(doc->status, SALVAGE_LIMIT);
    rec_free(r);
    doc_free(doc);
}

/* The limit diagnostic points at the first character left out, whatever the chunking. */
static void test_limit_offset(void **state)
{
    (void)state;
    /*                 0123456789 0 1 2   3   4   5   6 */
    const char *s = "<a title=\"ab\xC3\xA9\xE2\x82\xACxyz\">";
    for (size_t chunk = 0; chunk <= 4; chunk++) {
        salvage_doc *doc = doc_new(NULL);
        doc->opts.max_attr_length = 5;
        recorder *r = rec_new();
        tokenize(doc, r, s, strlen(s), chunk);
        assert_int_equal(doc->diags.len, 1);
        const salvage_diagnostic *d = sv_vec_at(&doc->diags, 0);
        assert_string_equal(d->code, "limit-attr-length");
        assert_int_equal(d->offset, 14);
        assert_string_equal(r->toks[0].attr[0][1], "ab\xC3\xA9");
        rec_free(r);
        doc_free(doc);
    }
}

static void test_limit_text_length(void **state)
{
    (void)state;
    salvage_doc *doc = doc_new(NULL);
    doc->opts.max_text_length = 4;
    recorder *r = rec_new();
    const char *s = "<!--0123456789--><!DOCTYPE html PUBLIC \"abcdefgh\">";
    tokenize(doc, r, s, strlen(s), 0);
    assert_string_equal(r->toks[0].name, "0123");
    assert_int_equal(r->toks[1].type, SV_TOK_DOCTYPE);
    assert_int_equal(count_code(doc, "limit-text-length"), 2);
    rec_free(r);
    doc_free(doc);
}

/* Tokenizes s one-shot and in chunks of several sizes: the characters, and where they are
 * split into tokens, are the same each time; every token ends on a character boundary. */
static void check_long_run(const char *s, size_t n, size_t min_tokens, bool script)
{
    static const size_t chunks[] = {0, 1, 7, 4096, 65535};
    size_t first_tokens = 0, first_lens[64];
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        salvage_doc *doc = doc_new(NULL);
        recorder *r = rec_new();
        sv_tokenizer *t = sv_tokenizer_new(doc, on_token, r);
        assert_non_null(t);
        if (script) {
            sv_tokenizer_set_state(t, SV_TS_SCRIPT_DATA);
            sv_tokenizer_set_last_start_tag(t, "script", 6);
        }
        size_t step = chunks[k] ? chunks[k] : n;
        for (size_t at = 0; at < n; at += step)
            assert_int_equal(sv_tokenizer_feed(t, s + at, n - at < step ? n - at : step), 0);
        assert_int_equal(sv_tokenizer_finish(t), 0);
        assert_true(r->char_tokens >= min_tokens);
        assert_true(r->chars_valid_utf8);
        if (k == 0) {
            first_tokens = r->char_tokens;
            memcpy(first_lens, r->char_lens, sizeof first_lens);
        } else {
            assert_int_equal(r->char_tokens, first_tokens);
            assert_memory_equal(r->char_lens, first_lens, sizeof first_lens);
        }
        if (!script) {
            assert_int_equal(r->chars_len, n);
            assert_memory_equal(r->chars, s, n);
        } else {
            /* everything but the final end tag is script text */
            assert_int_equal(r->chars_len, n - 9);
            assert_int_equal(r->toks[r->n - 2].type, SV_TOK_END_TAG);
        }
        rec_free(r);
        doc_free(doc);
    }
}

static void test_long_text_run(void **state)
{
    (void)state;
    size_t n = 300000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i += 3)
        memcpy(s + i, "\xE2\x82\xAC", 3); /* U+20AC */
    s[n] = 0;
    check_long_run(s, n, 4, false);
    /* Four-byte characters (U+1F600, read one at a time by the checked path) after one,
     * two or three ASCII bytes, so that the 64 KiB mark falls inside one: the pieces still
     * end on character boundaries, whatever the chunking. */
    for (size_t lead = 1; lead <= 3; lead++) {
        memset(s, 'a', lead);
        for (size_t i = lead; i + 4 <= n; i += 4)
            memcpy(s + i, "\xF0\x9F\x98\x80", 4);
        size_t m = lead + (n - lead) / 4 * 4;
        check_long_run(s, m, 4, false);
    }
    /* Script data full of near-miss end tags ("</scrip" x N) around the hand-over size. */
    size_t len = 0;
    while (len + 16 < n - 9) {
        memcpy(s + len, "\xE2\x82\xAC</scrip x", 12);
        len += 12;
    }
    memcpy(s + len, "</script>", 9);
    len += 9;
    check_long_run(s, len, 4, true);
    /* One endless near-miss end tag: "</scriptttt..." is text, handed over in pieces. */
    memcpy(s, "</script", 8);
    memset(s + 8, 't', n - 8 - 9);
    memcpy(s + n - 9, "</script>", 9);
    check_long_run(s, n, 4, true);
    free(s);
}

/* Many distinct attributes with duplicates among them (found through the hash table once
 * the tag has many attributes). */
static void test_attribute_flood(void **state)
{
    (void)state;
    char s[8192];
    size_t len = 0;
    len += (size_t)snprintf(s + len, sizeof s - len, "<x");
    for (int i = 0; i < 200; i++)
        len += (size_t)snprintf(s + len, sizeof s - len, " a%d=%d", i, i);
    len += (size_t)snprintf(s + len, sizeof s - len, " A7=dup a199=dup a200=new>");
    salvage_doc *doc = doc_new(NULL);
    recorder *r = rec_new();
    tokenize(doc, r, s, len, 0);
    assert_int_equal(r->toks[0].attr_count, 201);
    assert_int_equal(count_code(doc, "duplicate-attribute"), 2);
    assert_string_equal(r->toks[0].attr[7][1], "7");
    rec_free(r);
    doc_free(doc);
}

/* The attribute states met in one tag, whole or fed a byte at a time (the common shapes are
 * taken a whole attribute at a time, the rest a character at a time). */
static void test_attribute_shapes(void **state)
{
    (void)state;
    /*               0         1         2         3         4         5         6
     *               0123456789012345678901234567890123456789012345678901234567890123456 */
    const char *s = "<div id=\"a\" CLASS='b' data-x=1 title=\"x&amp;y\" checked hidden/ s=a\"b "
                    "id=c>";
    static const char *const names[] = {"id", "class", "data-x", "title", "checked", "hidden", "s"};
    static const char *const values[] = {"a", "b", "1", "x&y", "", "", "a\"b"};
    static const size_t offsets[] = {5, 12, 22, 31, 47, 55, 63};
    for (size_t chunk = 0; chunk <= 1; chunk++) {
        salvage_doc *doc = doc_new(NULL);
        recorder *r = rec_new();
        tokenize(doc, r, s, strlen(s), chunk);
        assert_int_equal(r->n, 2);
        assert_int_equal(r->toks[0].type, SV_TOK_START_TAG);
        assert_string_equal(r->toks[0].name, "div");
        assert_int_equal(r->toks[0].attr_count, 7);
        for (size_t i = 0; i < 7; i++) {
            assert_string_equal(r->toks[0].attr[i][0], names[i]);
            assert_string_equal(r->toks[0].attr[i][1], values[i]);
            assert_int_equal(r->toks[0].attr_off[i], offsets[i]);
        }
        assert_false(r->toks[0].self_closing);
        assert_int_equal(r->toks[0].end, strlen(s));
        assert_int_equal(count_code(doc, "unexpected-solidus-in-tag"), 1);
        assert_int_equal(count_code(doc, "unexpected-character-in-unquoted-attribute-value"), 1);
        assert_int_equal(count_code(doc, "duplicate-attribute"), 1);
        assert_int_equal(doc->diags.len, 3);
        rec_free(r);
        doc_free(doc);
    }
}

/* A character run still pending when a chunk ends is kept by the tokenizer: the caller may
 * reuse the chunk's memory as soon as the call returns. */
static void test_run_outlives_chunk(void **state)
{
    (void)state;
    salvage_doc *doc = doc_new(NULL);
    recorder *r = rec_new();
    sv_tokenizer *t = sv_tokenizer_new(doc, on_token, r);
    assert_non_null(t);
    char chunk[8];
    memcpy(chunk, "ab", 2);
    assert_int_equal(sv_tokenizer_feed(t, chunk, 2), 0);
    memcpy(chunk, "XXXXXXXX", 8);
    memcpy(chunk, "cd<p>e", 6);
    assert_int_equal(sv_tokenizer_feed(t, chunk, 6), 0);
    memcpy(chunk, "XXXXXXXX", 8);
    assert_int_equal(sv_tokenizer_finish(t), 0);
    assert_int_equal(r->n, 4); /* "abcd", <p>, "e", EOF */
    assert_int_equal(r->char_tokens, 2);
    assert_int_equal(r->char_lens[0], 4);
    assert_string_equal(r->chars, "abcde");
    assert_int_equal(r->toks[0].offset, 0);
    assert_int_equal(r->toks[0].end, 4);
    rec_free(r);
    doc_free(doc);
}

/* Every tag token carries the id of its name, looked up once per distinct name (repeated
 * names, names that share their first bytes, 8 and 9 bytes long, unknown ones). */
static void test_tag_ids(void **state)
{
    (void)state;
    const char *s = "<div><DIV><a><abbr><address><template><noscript></div><selectedcontent>"
                    "<x-y><a></template></Noscript><plaintext>";
    /* abbr has no rule of its own in tree construction: it has no id */
    static const unsigned want[] = {SV_TAG_DIV,      SV_TAG_DIV,      SV_TAG_A,
                                    SV_TAG_UNKNOWN,  SV_TAG_ADDRESS,  SV_TAG_TEMPLATE,
                                    SV_TAG_NOSCRIPT, SV_TAG_DIV,      SV_TAG_SELECTEDCONTENT,
                                    SV_TAG_UNKNOWN,  SV_TAG_A,        SV_TAG_TEMPLATE,
                                    SV_TAG_NOSCRIPT, SV_TAG_PLAINTEXT};
    salvage_doc *doc = doc_new(NULL);
    recorder *r = rec_new();
    tokenize(doc, r, s, strlen(s), 0);
    assert_int_equal(r->n, 15);
    for (size_t i = 0; i < 14; i++) {
        assert_int_equal(r->toks[i].tag, want[i]);
        assert_int_equal(r->toks[i].tag, sv_tag_lookup(r->toks[i].name, strlen(r->toks[i].name)));
    }
    rec_free(r);
    doc_free(doc);
}

/* Allocation failure at every point: the call reports -1 and sets doc->oom, never
 * crashing or leaking (ASan checks the latter). */
static void test_oom(void **state)
{
    (void)state;
    const char *s = "<!DOCTYPE html><p class=\"a b\" id=x>text &amp; more<!-- c --></p>";
    for (long budget = 0; budget < 40; budget++) {
        failing f = {budget, true};
        salvage_doc *doc = doc_new(&f);
        recorder *r = rec_new();
        sv_tokenizer *t = sv_tokenizer_new(doc, on_token, r);
        int rc = t ? sv_tokenizer_feed(t, s, strlen(s)) : -1;
        if (rc == 0)
            rc = sv_tokenizer_finish(t);
        if (rc != 0)
            assert_true(doc->oom);
        f.armed = false;
        rec_free(r);
        doc_free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_callback_switches_state),
        cmocka_unit_test(test_cdata_allowed),
        cmocka_unit_test(test_limit_attributes),
        cmocka_unit_test(test_limit_attr_length),
        cmocka_unit_test(test_limit_offset),
        cmocka_unit_test(test_limit_text_length),
        cmocka_unit_test(test_long_text_run),
        cmocka_unit_test(test_attribute_flood),
        cmocka_unit_test(test_attribute_shapes),
        cmocka_unit_test(test_run_outlives_chunk),
        cmocka_unit_test(test_tag_ids),
        cmocka_unit_test(test_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
