/*
 * tree_runner.c — runs the html5lib-tests tree-construction .dat files through
 * salvage_parse and compares salvage_write_tree's dump with each test's #document.
 *
 *   tree_runner DIR KNOWN_FAILURES [FILTER]
 *
 * Every test without #script-on / #script-off runs twice (scripting off and on); its id is
 * "FILE#N-off" / "FILE#N-on" (N counts from 1 in the file). Ids listed in KNOWN_FAILURES
 * (one per line: id, white space, reason; '#' starts a comment) are expected to fail. The
 * run fails on any other failure and on a listed test that passes, so the list only
 * shrinks. FILTER (optional) keeps the ids containing it and prints every failure in full.
 * The scripted/ subdirectory is not run: its tests need script execution.
 *
 * Streaming: every document test (not fragments) is also fed to salvage_parser in chunks
 * of 1 to 13 bytes after a comment long enough to fill the pipeline's sniff window (so the
 * chunks reach the tokenizer and the tree builder as chunks); its tree must equal the
 * one-shot tree plus that comment. Its id is "FILE#N-chunked".
 */
#include "salvage.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static void buf_put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

static int write_cb(void *ctx, const char *data, size_t len)
{
    buf_put(ctx, data, len);
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    if (!b.data)
        buf_put(&b, "", 0);
    *len = b.len;
    return b.data;
}

/* ---- known failures ---- */

typedef struct known {
    char **ids;
    bool *seen;
    size_t n;
} known;

static void load_known(known *k, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    size_t cap = 16;
    k->ids = malloc(cap * sizeof *k->ids);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line == '#' || *line == 0)
            continue;
        size_t n = strcspn(line, " \t");
        if (k->n == cap) {
            cap *= 2;
            k->ids = realloc(k->ids, cap * sizeof *k->ids);
        }
        k->ids[k->n] = malloc(n + 1);
        memcpy(k->ids[k->n], line, n);
        k->ids[k->n][n] = 0;
        k->n++;
    }
    k->seen = calloc(k->n ? k->n : 1, sizeof *k->seen);
    free(text);
}

static ptrdiff_t find_known(const known *k, const char *id)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->ids[i], id) == 0)
            return (ptrdiff_t)i;
    return -1;
}

/* ---- one test ---- */

typedef struct dat_test {
    const char *data;
    size_t data_len;
    char context[64]; /* "" for a document */
    int scripting;    /* -1: both, 0: off, 1: on */
    const char *doc;
    size_t doc_len;
} dat_test;

static const char *line_end(const char *p, const char *end)
{
    const char *e = memchr(p, '\n', (size_t)(end - p));
    return e ? e : end;
}

/* Parses the test starting at p ("#data\n..."); returns the start of the next one. */
static const char *parse_test(const char *p, const char *end, dat_test *t)
{
    memset(t, 0, sizeof *t);
    t->scripting = -1;
    p += 6; /* "#data\n" */
    const char *data = p;
    const char *q = p;
    for (;;) { /* the data ends at a line "#errors" */
        const char *e = line_end(q, end);
        if ((size_t)(e - q) == 7 && memcmp(q, "#errors", 7) == 0)
            break;
        if (e == end)
            return end;
        q = e + 1;
    }
    t->data = data;
    t->data_len = q > data ? (size_t)(q - 1 - data) : 0;
    for (;;) { /* section lines up to "#document" */
        const char *e = line_end(q, end);
        size_t n = (size_t)(e - q);
        if (n == 9 && memcmp(q, "#document", 9) == 0) {
            q = e < end ? e + 1 : end;
            break;
        }
        if (n == 18 && memcmp(q, "#document-fragment", 18) == 0 && e < end) {
            const char *c = e + 1, *ce = line_end(c, end);
            size_t cn = (size_t)(ce - c) < sizeof t->context - 1 ? (size_t)(ce - c)
                                                                  : sizeof t->context - 1;
            memcpy(t->context, c, cn);
            t->context[cn] = 0;
            e = ce;
        } else if (n == 10 && memcmp(q, "#script-on", 10) == 0) {
            t->scripting = 1;
        } else if (n == 11 && memcmp(q, "#script-off", 11) == 0) {
            t->scripting = 0;
        }
        if (e == end)
            return end;
        q = e + 1;
    }
    t->doc = q;
    const char *next = q;
    for (;;) {
        const char *e = line_end(next, end);
        if ((size_t)(e - next) == 5 && memcmp(next, "#data", 5) == 0 && next > q)
            break;
        if (e == end) {
            next = end;
            break;
        }
        next = e + 1;
    }
    size_t dl = (size_t)(next - q);
    while (dl && q[dl - 1] == '\n')
        dl--;
    t->doc_len = dl;
    return next;
}

static bool run_one(const dat_test *t, bool scripting, buf *out)
{
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.encoding = "utf-8";
    o.flags = SALVAGE_FLAG_NO_ARTICLE | (scripting ? SALVAGE_FLAG_SCRIPTING : 0);
    o.fragment_context = t->context[0] ? t->context : NULL;
    salvage_doc *doc = NULL;
    out->len = 0;
    buf_put(out, "", 0);
    salvage_status st = salvage_parse(t->data, t->data_len, &o, &doc);
    if (!doc) {
        char msg[64];
        snprintf(msg, sizeof msg, "(parse failed: %s)", salvage_status_string(st));
        buf_put(out, msg, strlen(msg));
        return false;
    }
    salvage_write_tree(doc, write_cb, out);
    salvage_doc_free(doc);
    while (out->len && out->data[out->len - 1] == '\n')
        out->data[--out->len] = 0;
    return out->len == t->doc_len && memcmp(out->data, t->doc, t->doc_len) == 0;
}

/* The prefix that fills the sniff window: a comment, which the "initial" insertion mode
 * appends to the document without changing anything else. */
#define PREFIX_LEN 70000

static bool run_chunked(const dat_test *t, const buf *whole, buf *out)
{
    static char *prefix;
    if (!prefix) {
        prefix = malloc(PREFIX_LEN);
        memset(prefix, 'x', PREFIX_LEN);
        memcpy(prefix, "<!--", 4);
        memcpy(prefix + PREFIX_LEN - 3, "-->", 3);
    }
    salvage_options o;
    salvage_options_init(&o);
    o.input_kind = SALVAGE_INPUT_HTML;
    o.encoding = "utf-8";
    o.flags = SALVAGE_FLAG_NO_ARTICLE;
    salvage_parser *p = NULL;
    if (salvage_parser_new(&o, &p) != SALVAGE_OK)
        return false;
    salvage_status st = salvage_parser_feed(p, prefix, PREFIX_LEN);
    for (size_t i = 0, step = 1; st == SALVAGE_OK && i < t->data_len; i += step, step = step % 13 + 1) {
        size_t n = t->data_len - i < step ? t->data_len - i : step;
        st = salvage_parser_feed(p, t->data + i, n);
    }
    salvage_doc *doc = NULL;
    if (st == SALVAGE_OK)
        salvage_parser_finish(p, &doc);
    salvage_parser_free(p);
    out->len = 0;
    buf_put(out, "", 0);
    if (!doc)
        return false;
    salvage_write_tree(doc, write_cb, out);
    salvage_doc_free(doc);
    /* drop the prefix comment's line */
    const char *nl = memchr(out->data, '\n', out->len);
    size_t skip = nl ? (size_t)(nl - out->data) + 1 : out->len;
    memmove(out->data, out->data + skip, out->len - skip + 1);
    out->len -= skip;
    while (out->len && out->data[out->len - 1] == '\n')
        out->data[--out->len] = 0;
    return out->len == whole->len && memcmp(out->data, whole->data, whole->len) == 0;
}

typedef struct totals {
    size_t passed, failed, unexpected;
} totals;

static void report(const dat_test *t, const char *id, const buf *got, const char *why)
{
    printf("%s: %s\n--- input%s%s\n%.*s\n--- expected\n%.*s\n--- got\n%s\n\n", id, why,
           t->context[0] ? " (fragment " : "", t->context[0] ? t->context : "",
           (int)t->data_len, t->data, (int)t->doc_len, t->doc, got->data);
}

/* Counts one outcome against the known failures. */
static void outcome(const dat_test *t, const char *id, bool ok, const buf *got, known *k,
                    const char *filter, totals *tot)
{
    ptrdiff_t ki = find_known(k, id);
    if (ki >= 0)
        k->seen[ki] = true;
    if (ok) {
        tot->passed++;
        if (ki >= 0) {
            tot->unexpected++;
            printf("%s: passes but is listed as a known failure\n", id);
        }
        return;
    }
    tot->failed++;
    if (ki < 0) {
        tot->unexpected++;
        report(t, id, got, "FAILED");
    } else if (filter) {
        report(t, id, got, "failed (known)");
    }
}

static void run_file(const char *dir, const char *name, known *k, const char *filter,
                     totals *tot)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    const char *p = text, *end = text + len;
    buf got = {0}, chunked = {0};
    for (int n = 1; p < end && strncmp(p, "#data\n", 6) == 0; n++) {
        dat_test t;
        p = parse_test(p, end, &t);
        bool stream_checked = false;
        for (int s = 0; s < 2; s++) {
            if (t.scripting >= 0 && t.scripting != s)
                continue;
            char id[600];
            snprintf(id, sizeof id, "%s#%d-%s", name, n, s ? "on" : "off");
            if (filter && !strstr(id, filter))
                continue;
            bool ok = run_one(&t, s == 1, &got);
            outcome(&t, id, ok, &got, k, filter, tot);
            if (s == 0 && !t.context[0] && !stream_checked) {
                stream_checked = true;
                snprintf(id, sizeof id, "%s#%d-chunked", name, n);
                bool same = run_chunked(&t, &got, &chunked);
                outcome(&t, id, same, &chunked, k, filter, tot);
            }
        }
    }
    free(got.data);
    free(chunked.data);
    free(text);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DIR KNOWN_FAILURES [FILTER]\n", argv[0]);
        return 2;
    }
    known k = {0};
    load_known(&k, argv[2]);
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    char *names[512];
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nn < 512) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".dat") == 0) {
            names[nn] = malloc(l + 1);
            memcpy(names[nn++], e->d_name, l + 1);
        }
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_names);
    totals tot = {0};
    const char *filter = argc > 3 ? argv[3] : NULL;
    for (size_t i = 0; i < nn; i++) {
        run_file(argv[1], names[i], &k, filter, &tot);
        free(names[i]);
    }
    for (size_t i = 0; i < k.n; i++) {
        if (!k.seen[i] && !filter) {
            printf("%s: listed as a known failure but no such test ran\n", k.ids[i]);
            tot.unexpected++;
        }
        free(k.ids[i]);
    }
    free(k.ids);
    free(k.seen);
    printf("tree-construction: %zu passed, %zu failed (%zu unexpected)\n", tot.passed,
           tot.failed, tot.unexpected);
    return tot.unexpected ? 1 : 0;
}
