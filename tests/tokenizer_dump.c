/*
 * tokenizer_dump.c — drives parser/tokenizer.c for tests/tokenizer_runner.py.
 *
 * Reads records from stdin, each a header line "STATE LAST_START_TAG SPLIT LEN\n" followed
 * by LEN bytes of input (UTF-8, with lone surrogates as generalised UTF-8), where STATE is a
 * sv_tok_state number, LAST_START_TAG is a tag name or "-", SPLIT is 0 (one-shot only),
 * 1 (also every split into two chunks, and byte by byte) or 2 (also every split into three
 * chunks). For each record it writes one JSON line:
 *
 *   {"tokens": [...], "errors": [[code, offset], ...], "character_tokens": "LEN,LEN,...",
 *    "split": null | "description"}
 *
 * tokens follow the html5lib-tests format (adjacent characters joined; attributes as a list
 * of [name, value] pairs so that the order and any duplicate stay visible); offsets are
 * decoded byte offsets; "split" names the first chunking whose tokens or errors differ from
 * the one-shot run (character tokens included: where a run is split into tokens must not
 * depend on the chunking either). Non-ASCII characters are written as \uXXXX escapes (lone surrogates
 * included), so the output is ASCII.
 */
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable string for the dump (test code: plain malloc). */
typedef struct str {
    char *p;
    size_t len, cap;
} str;

static void str_add(str *s, const char *p, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *np = realloc(s->p, cap);
        if (!np) {
            fprintf(stderr, "tokenizer_dump: out of memory\n");
            exit(2);
        }
        s->p = np;
        s->cap = cap;
    }
    memcpy(s->p + s->len, p, n);
    s->len += n;
    s->p[s->len] = 0;
}

static void str_puts(str *s, const char *p) { str_add(s, p, strlen(p)); }

/* Writes a \uXXXX escape (v < 0x10000). */
static void str_u16(str *s, unsigned v)
{
    static const char hex[] = "0123456789abcdef";
    char tmp[6] = {'\\', 'u', hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15],
                   hex[v & 15]};
    str_add(s, tmp, 6);
}

/* Writes p[0..n) (generalised UTF-8) as a JSON string. */
static void str_json(str *s, const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    str_add(s, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char b = u[i];
        if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
            str_add(s, (const char *)&u[i], 1);
            i++;
            continue;
        }
        unsigned cp = b;
        size_t k = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (k > 1) {
            cp = b & (k == 2 ? 0x1Fu : k == 3 ? 0x0Fu : 0x07u);
            for (size_t j = 1; j < k && i + j < n; j++)
                cp = (cp << 6) | (u[i + j] & 0x3Fu);
        }
        i += k;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            str_u16(s, 0xD800 + (cp >> 10));
            str_u16(s, 0xDC00 + (cp & 0x3FF));
        } else {
            str_u16(s, cp);
        }
    }
    str_add(s, "\"", 1);
}

typedef struct run {
    str out;    /* the token list being written */
    str chars;  /* pending characters, joined */
    str bounds; /* the length of each character token, to compare chunkings exactly */
    int ntok;
} run;

static void sep(run *r)
{
    str_puts(&r->out, r->ntok++ ? ", " : "");
}

static void flush_chars(run *r)
{
    if (!r->chars.len)
        return;
    sep(r);
    str_puts(&r->out, "[\"Character\", ");
    str_json(&r->out, r->chars.p, r->chars.len);
    str_puts(&r->out, "]");
    r->chars.len = 0;
}

static void opt_json(str *s, bool has, const char *p, size_t n)
{
    if (has)
        str_json(s, p, n);
    else
        str_puts(s, "null");
}

static void on_token(void *ctx, sv_token *tok)
{
    run *r = ctx;
    if (tok->type == SV_TOK_CHARACTER) {
        char tmp[32];
        str_add(&r->chars, tok->data, tok->data_len);
        snprintf(tmp, sizeof tmp, "%s%zu", r->bounds.len ? "," : "", tok->data_len);
        str_puts(&r->bounds, tmp);
        return;
    }
    flush_chars(r);
    if (tok->type == SV_TOK_EOF)
        return;
    sep(r);
    str *o = &r->out;
    switch (tok->type) {
    case SV_TOK_DOCTYPE:
        str_puts(o, "[\"DOCTYPE\", ");
        opt_json(o, tok->has_name, tok->name, tok->name_len);
        str_puts(o, ", ");
        opt_json(o, tok->has_public_id, tok->public_id, tok->public_id_len);
        str_puts(o, ", ");
        opt_json(o, tok->has_system_id, tok->system_id, tok->system_id_len);
        str_puts(o, tok->force_quirks ? ", false]" : ", true]");
        break;
    case SV_TOK_START_TAG:
        str_puts(o, "[\"StartTag\", ");
        str_json(o, tok->name, tok->name_len);
        str_puts(o, ", [");
        for (size_t i = 0; i < tok->attr_count; i++) {
            str_puts(o, i ? ", [" : "[");
            str_json(o, tok->attrs[i].name, tok->attrs[i].name_len);
            str_puts(o, ", ");
            str_json(o, tok->attrs[i].value, tok->attrs[i].value_len);
            str_puts(o, "]");
        }
        str_puts(o, tok->self_closing ? "], true]" : "]]");
        break;
    case SV_TOK_END_TAG:
        str_puts(o, "[\"EndTag\", ");
        str_json(o, tok->name, tok->name_len);
        str_puts(o, "]");
        break;
    default: /* SV_TOK_COMMENT */
        str_puts(o, "[\"Comment\", ");
        str_json(o, tok->data, tok->data_len);
        str_puts(o, "]");
        break;
    }
}

typedef struct test_case {
    sv_tok_state state;
    const char *last; /* NULL when none */
    const char *in;
    size_t len;
} test_case;

static salvage_doc *doc_new(void)
{
    salvage_doc *doc = calloc(1, sizeof *doc);
    if (!doc) {
        fprintf(stderr, "tokenizer_dump: out of memory\n");
        exit(2);
    }
    salvage_options_init(&doc->opts);
    doc->opts.max_diagnostics = 1000000;
    sv_allocator_resolve(&doc->alloc);
    sv_arena_init(&doc->arena, &doc->alloc, 0);
    sv_vec_init(&doc->diags, &doc->arena, sizeof(salvage_diagnostic));
    return doc;
}

/* Tokenizes tc fed in the chunks that end at cuts[0..ncuts) and then at len; writes
 * "TOKENS | ERRORS" into result (JSON fragments). */
static void tokenize(const test_case *tc, const size_t *cuts, size_t ncuts, str *result)
{
    salvage_doc *doc = doc_new();
    run r;
    memset(&r, 0, sizeof r);
    sv_tokenizer *t = sv_tokenizer_new(doc, on_token, &r);
    if (!t) {
        fprintf(stderr, "tokenizer_dump: out of memory\n");
        exit(2);
    }
    sv_tokenizer_set_state(t, tc->state);
    if (tc->last)
        sv_tokenizer_set_last_start_tag(t, tc->last, strlen(tc->last));
    size_t at = 0;
    for (size_t i = 0; i <= ncuts; i++) {
        size_t end = i < ncuts ? cuts[i] : tc->len;
        if (sv_tokenizer_feed(t, tc->in + at, end - at) != 0)
            fprintf(stderr, "tokenizer_dump: feed failed\n");
        at = end;
    }
    if (sv_tokenizer_finish(t) != 0)
        fprintf(stderr, "tokenizer_dump: finish failed\n");
    flush_chars(&r);
    result->len = 0;
    str_puts(result, "\"tokens\": [");
    str_add(result, r.out.p ? r.out.p : "", r.out.len);
    str_puts(result, "], \"errors\": [");
    for (size_t i = 0; i < doc->diags.len; i++) {
        const salvage_diagnostic *d = sv_vec_at(&doc->diags, i);
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%s[", i ? ", " : "");
        str_puts(result, tmp);
        str_json(result, d->code, strlen(d->code));
        snprintf(tmp, sizeof tmp, ", %zu]", d->offset);
        str_puts(result, tmp);
    }
    str_puts(result, "], \"character_tokens\": \"");
    str_add(result, r.bounds.p ? r.bounds.p : "", r.bounds.len);
    str_puts(result, "\"");
    free(r.bounds.p);
    free(r.out.p);
    free(r.chars.p);
    sv_arena_free_all(&doc->arena);
    free(doc);
}

/* Compares chunked runs with the one-shot result; describes the first difference. */
static bool check_splits(const test_case *tc, int mode, const str *whole, char *why,
                         size_t why_size)
{
    str got = {0};
    size_t cuts[4096];
    bool ok = true;
    for (size_t i = 1; ok && i < tc->len; i++) {
        cuts[0] = i;
        tokenize(tc, cuts, 1, &got);
        if (strcmp(got.p, whole->p) != 0) {
            snprintf(why, why_size, "split at %zu: %s", i, got.p);
            ok = false;
        }
        for (size_t j = i + 1; ok && mode == 2 && j < tc->len; j++) {
            cuts[1] = j;
            tokenize(tc, cuts, 2, &got);
            if (strcmp(got.p, whole->p) != 0) {
                snprintf(why, why_size, "split at %zu and %zu: %s", i, j, got.p);
                ok = false;
            }
        }
    }
    if (ok && tc->len > 1 && tc->len <= sizeof cuts / sizeof cuts[0]) {
        for (size_t i = 0; i + 1 < tc->len; i++)
            cuts[i] = i + 1;
        tokenize(tc, cuts, tc->len - 1, &got);
        if (strcmp(got.p, whole->p) != 0) {
            snprintf(why, why_size, "byte by byte: %s", got.p);
            ok = false;
        }
    }
    free(got.p);
    return ok;
}

int main(void)
{
    char line[512];
    str whole = {0}, esc = {0};
    static char why[8192];
    while (fgets(line, sizeof line, stdin)) {
        int state, mode;
        char last[256];
        size_t len;
        if (sscanf(line, "%d %255s %d %zu", &state, last, &mode, &len) != 4) {
            fprintf(stderr, "tokenizer_dump: bad header: %s", line);
            return 2;
        }
        char *in = malloc(len + 1);
        if (!in || fread(in, 1, len, stdin) != len) {
            fprintf(stderr, "tokenizer_dump: short input\n");
            return 2;
        }
        test_case tc = {(sv_tok_state)state, strcmp(last, "-") ? last : NULL, in, len};
        tokenize(&tc, NULL, 0, &whole);
        fputs("{", stdout);
        fputs(whole.p, stdout);
        fputs(", \"split\": ", stdout);
        if (mode == 0 || check_splits(&tc, mode, &whole, why, sizeof why)) {
            fputs("null", stdout);
        } else {
            esc.len = 0;
            str_json(&esc, why, strlen(why));
            fputs(esc.p, stdout);
        }
        fputs("}\n", stdout);
        fflush(stdout);
        free(in);
    }
    free(whole.p);
    free(esc.p);
    return 0;
}
