/*
 * tokenizer.c — fuzz target "tokenizer": the HTML tokenizer on its own, started in any of
 * the states a caller may set (data, RCDATA, RAWTEXT, script data, PLAINTEXT, CDATA
 * section) with an appropriate end tag name chosen or not, CDATA allowed or not, and
 * optionally switching states on start tags the way the tree builder does.
 *
 * Each input is tokenized twice, once whole and once in fuzzer-chosen chunks; the token
 * streams (adjacent character tokens merged) and the parse errors must be identical. Every
 * token is checked as it arrives: offsets inside what has been fed, lower-case names, no
 * U+0000 outside character tokens, valid UTF-8, limits honoured, one EOF at the end.
 *
 * Input layout: [state][last start tag][flags][limit][seed x2][chunking] then the text.
 */
#include "harness.h"
#include "stage.h"
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const last_tags[] = {
    NULL, "script", "title", "textarea", "style", "xmp", "iframe", "noembed", "noframes",
    "noscript", "plaintext", "a", "scrip",
};

typedef struct tk_run {
    sv_tokenizer *tok;
    const salvage_options *opts;
    size_t fed;            /* bytes fed so far */
    int emulate;           /* switch states on start tags like the tree builder */
    int strict_utf8;       /* the input holds no generalised UTF-8 */
    int saw_eof;
    size_t last_offset;
    fz_sink out;           /* the serialised token stream */
    fz_sink chars;         /* pending character data, merged across tokens */
    size_t chars_offset;
} tk_run;

static void put(tk_run *r, const void *p, size_t n)
{
    fz_sink_write(&r->out, p, n);
}

static void put_size(tk_run *r, size_t v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%zu ", v);
    put(r, buf, (size_t)n);
}

static void put_str(tk_run *r, const char *s, size_t n)
{
    put_size(r, n);
    if (n)
        put(r, s, n);
}

static void flush_chars(tk_run *r)
{
    if (r->chars.len == 0)
        return;
    put(r, "C", 1);
    put_size(r, r->chars_offset);
    put_str(r, r->chars.data, r->chars.len);
    r->chars.len = 0;
}

static int has_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            return 1;
    return 0;
}

/* Text in a token other than a character token: U+0000 has become U+FFFD. */
static void check_data(const tk_run *r, const char *s, size_t n, int nul_ok)
{
    FZ_CHECK(n == 0 || s != NULL);
    if (!nul_ok && n)
        FZ_CHECK(memchr(s, 0, n) == NULL);
    if (r->strict_utf8 && n)
        FZ_CHECK(fz_utf8_valid(s, n));
}

static void check_tag(tk_run *r, const sv_token *t)
{
    FZ_CHECK(t->name != NULL && t->name_len > 0);
    FZ_CHECK(!has_upper(t->name, t->name_len));
    FZ_CHECK(t->name_len <= r->opts->max_attr_length);
    check_data(r, t->name, t->name_len, 0);
    FZ_CHECK(t->attr_count <= r->opts->max_attributes);
    FZ_CHECK(t->attr_count == 0 || t->attrs != NULL);
    for (size_t i = 0; i < t->attr_count; i++) {
        const sv_tok_attr *a = &t->attrs[i];
        FZ_CHECK(!has_upper(a->name, a->name_len));
        FZ_CHECK(a->name_len <= r->opts->max_attr_length);
        FZ_CHECK(a->value_len <= r->opts->max_attr_length);
        FZ_CHECK(a->offset >= t->offset && a->offset < t->end);
        check_data(r, a->name, a->name_len, 0);
        check_data(r, a->value, a->value_len, 0);
        /* Duplicates were dropped (quadratic check, so only on small tags). */
        for (size_t j = 0; j < i && t->attr_count <= 32; j++)
            FZ_CHECK(t->attrs[j].name_len != a->name_len ||
                     memcmp(t->attrs[j].name, a->name, a->name_len) != 0);
    }
}

/* The state switches of the tree builder's "generic RCDATA / raw text element parsing
 * algorithm", the script start tag and plaintext. */
static void emulate_tree_builder(tk_run *r, const sv_token *t)
{
    static const struct {
        const char *name;
        sv_tok_state state;
    } switches[] = {
        {"title", SV_TS_RCDATA},      {"textarea", SV_TS_RCDATA}, {"style", SV_TS_RAWTEXT},
        {"xmp", SV_TS_RAWTEXT},       {"iframe", SV_TS_RAWTEXT},  {"noembed", SV_TS_RAWTEXT},
        {"noframes", SV_TS_RAWTEXT},  {"script", SV_TS_SCRIPT_DATA},
        {"plaintext", SV_TS_PLAINTEXT},
    };
    /* Foreign content: inside svg or math, <![CDATA[ opens a CDATA section. */
    int foreign = (t->name_len == 3 && memcmp(t->name, "svg", 3) == 0) ||
                  (t->name_len == 4 && memcmp(t->name, "math", 4) == 0);
    if (foreign && (t->type == SV_TOK_START_TAG || t->type == SV_TOK_END_TAG))
        sv_tokenizer_set_cdata_allowed(r->tok, t->type == SV_TOK_START_TAG);
    if (t->type != SV_TOK_START_TAG)
        return;
    for (size_t i = 0; i < sizeof switches / sizeof switches[0]; i++) {
        if (strlen(switches[i].name) == t->name_len &&
            memcmp(switches[i].name, t->name, t->name_len) == 0) {
            sv_tokenizer_set_state(r->tok, switches[i].state);
            sv_tokenizer_set_last_start_tag(r->tok, t->name, t->name_len);
        }
    }
}

static void serialise(tk_run *r, const sv_token *t)
{
    char type = (char)('0' + (int)t->type);
    put(r, &type, 1);
    put_size(r, t->offset);
    put_size(r, t->end);
    put_str(r, t->name ? t->name : "", t->name ? t->name_len : 0);
    put_str(r, t->data ? t->data : "", t->data ? t->data_len : 0);
    for (size_t i = 0; i < t->attr_count; i++) {
        put_str(r, t->attrs[i].name, t->attrs[i].name_len);
        put_str(r, t->attrs[i].value, t->attrs[i].value_len);
        put_size(r, t->attrs[i].offset);
    }
    char bits = (char)('a' + (t->self_closing | t->has_name << 1 | t->has_public_id << 2 |
                              t->has_system_id << 3));
    put(r, &bits, 1);
    put(r, t->force_quirks ? "q" : "-", 1);
    if (t->has_public_id)
        put_str(r, t->public_id, t->public_id_len);
    if (t->has_system_id)
        put_str(r, t->system_id, t->system_id_len);
}

static void on_token(void *ctx, sv_token *t)
{
    tk_run *r = ctx;
    FZ_CHECK(!r->saw_eof);
    FZ_CHECK(t->type <= SV_TOK_EOF);
    FZ_CHECK(t->offset <= t->end && t->end <= r->fed);
    FZ_CHECK(t->offset >= r->last_offset);
    r->last_offset = t->offset;
    switch (t->type) {
    case SV_TOK_START_TAG:
    case SV_TOK_END_TAG:
        check_tag(r, t);
        break;
    case SV_TOK_COMMENT:
        check_data(r, t->data, t->data_len, 0);
        FZ_CHECK(t->data_len <= r->opts->max_text_length);
        break;
    case SV_TOK_DOCTYPE:
        FZ_CHECK(!t->has_name || t->name != NULL);
        FZ_CHECK(!t->has_name || !has_upper(t->name, t->name_len));
        FZ_CHECK(!t->has_public_id || t->public_id_len <= r->opts->max_text_length);
        FZ_CHECK(!t->has_system_id || t->system_id_len <= r->opts->max_text_length);
        break;
    case SV_TOK_CHARACTER:
        FZ_CHECK(t->data != NULL && t->data_len > 0);
        check_data(r, t->data, t->data_len, 1);
        if (r->chars.len == 0)
            r->chars_offset = t->offset;
        fz_sink_write(&r->chars, t->data, t->data_len);
        return;
    case SV_TOK_EOF:
        r->saw_eof = 1;
        break;
    }
    flush_chars(r);
    serialise(r, t);
    if (r->emulate)
        emulate_tree_builder(r, t);
}

typedef struct tk_setup {
    sv_tok_state state;
    const char *last_tag;
    int cdata, emulate, strict_utf8;
    uint16_t seed;
    uint8_t chunking; /* 0: whole buffer */
} tk_setup;

/* Tokenizes text in chunks; leaves the token stream in r->out and the errors in doc. */
static void run(tk_run *r, salvage_doc *doc, const tk_setup *su, const char *text, size_t len)
{
    memset(r, 0, sizeof *r);
    r->opts = &doc->opts;
    r->emulate = su->emulate;
    r->strict_utf8 = su->strict_utf8;
    r->tok = sv_tokenizer_new(doc, on_token, r);
    FZ_CHECK(r->tok != NULL);
    sv_tokenizer_set_state(r->tok, su->state);
    /* A start tag name longer than max_attr_length would have been truncated before
     * becoming the last start tag, so a longer one is not a state the parser can reach. */
    if (su->last_tag && strlen(su->last_tag) <= doc->opts.max_attr_length)
        sv_tokenizer_set_last_start_tag(r->tok, su->last_tag, strlen(su->last_tag));
    sv_tokenizer_set_cdata_allowed(r->tok, su->cdata != 0);
    fz_rng rng;
    fz_rng_seed(&rng, su->seed);
    size_t off = 0;
    while (off < len) {
        size_t n = len - off;
        if (su->chunking) {
            size_t c = 1 + (size_t)(fz_rng_next(&rng) % su->chunking);
            n = c < n ? c : n;
        }
        r->fed += n;
        FZ_CHECK(sv_tokenizer_feed(r->tok, text + off, n) == 0);
        off += n;
    }
    FZ_CHECK(sv_tokenizer_finish(r->tok) == 0);
    FZ_CHECK(r->saw_eof);
    flush_chars(r);
    FZ_CHECK(!r->out.oom && !r->chars.oom);
}

static void print_diags(const char *what, const salvage_doc *d)
{
    fprintf(stderr, "%s: %zu errors (%zu dropped)\n", what, d->diags.len, d->diags_dropped);
    for (size_t i = 0; i < d->diags.len; i++) {
        const salvage_diagnostic *e = sv_vec_at(&d->diags, i);
        fprintf(stderr, "  %zu %s\n", e->offset, e->code);
    }
}

static void compare_diags(const salvage_doc *a, const salvage_doc *b, size_t len)
{
    int same = a->diags.len == b->diags.len && a->diags_dropped == b->diags_dropped;
    for (size_t i = 0; same && i < a->diags.len; i++) {
        const salvage_diagnostic *da = sv_vec_at(&a->diags, i);
        const salvage_diagnostic *db = sv_vec_at(&b->diags, i);
        same = strcmp(da->code, db->code) == 0 && da->offset == db->offset;
        FZ_CHECK(da->offset <= len);
    }
    if (!same) {
        print_diags("whole", a);
        print_diags("chunked", b);
    }
    FZ_CHECK(same);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_bytes in = {data, size};
    tk_setup su;
    su.state = (sv_tok_state)(fz_take_u8(&in) % 6);
    su.last_tag = last_tags[fz_take_u8(&in) % (sizeof last_tags / sizeof last_tags[0])];
    uint8_t flags = fz_take_u8(&in);
    uint8_t limit = fz_take_u8(&in);
    su.seed = fz_take_u16(&in);
    static const uint8_t chunkings[] = {1, 2, 3, 5, 8, 16, 64, 255};
    su.chunking = chunkings[fz_take_u8(&in) % 8];
    su.cdata = flags & 1;
    su.emulate = (flags & 2) != 0;
    su.strict_utf8 = !(flags & 4);

    salvage_options opts;
    salvage_options_init(&opts);
    if (flags & 8) { /* small limits: truncation inside names, values and comments */
        opts.max_attributes = fz_pick_limit(limit, opts.max_attributes);
        opts.max_attr_length = fz_pick_limit((uint8_t)(limit * 7), opts.max_attr_length);
        opts.max_text_length = fz_pick_limit((uint8_t)(limit * 13), opts.max_text_length);
        opts.max_diagnostics = fz_pick_limit((uint8_t)(limit * 3), opts.max_diagnostics);
    }

    size_t len = 0;
    char *text = fz_preprocess(in.data, in.len, !su.strict_utf8, &len);
    if (!text)
        return 0;
    salvage_doc whole_doc, chunk_doc;
    tk_run whole, chunked;
    fz_doc_init(&whole_doc, &opts, len);
    fz_doc_init(&chunk_doc, &opts, len);
    uint8_t chunking = su.chunking;
    su.chunking = 0;
    run(&whole, &whole_doc, &su, text, len);
    su.chunking = chunking;
    run(&chunked, &chunk_doc, &su, text, len);

    if (whole.out.len != chunked.out.len ||
        (whole.out.len && memcmp(whole.out.data, chunked.out.data, whole.out.len) != 0)) {
        size_t i = 0;
        while (i < whole.out.len && i < chunked.out.len && whole.out.data[i] == chunked.out.data[i])
            i++;
        fprintf(stderr, "token streams differ at byte %zu:\nwhole:   %.120s\nchunked: %.120s\n",
                i, whole.out.data + (i > 40 ? i - 40 : 0), chunked.out.data + (i > 40 ? i - 40 : 0));
        fz_fail("whole and chunked token streams are equal", __FILE__, __LINE__);
    }
    compare_diags(&whole_doc, &chunk_doc, len);
    FZ_CHECK(!whole_doc.oom && !chunk_doc.oom);

    fz_sink_free(&whole.out);
    fz_sink_free(&whole.chars);
    fz_sink_free(&chunked.out);
    fz_sink_free(&chunked.chars);
    fz_doc_release(&whole_doc);
    fz_doc_release(&chunk_doc);
    free(text);
    return 0;
}
