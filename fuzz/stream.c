/*
 * stream.c — fuzz target "stream", a differential: the input fed to salvage_parser_feed in
 * chunks the fuzzer chooses (split anywhere: inside a UTF-8 sequence, a CRLF, a tag, a
 * character reference) must give the same document as salvage_parse on the whole buffer.
 * "The same" means byte-identical tree dump, JSON, clean text and diagnostics.
 *
 * Input layout: [flags][context][seed x8][chunking] then the document.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

typedef salvage_status (*writer_fn)(const salvage_doc *, salvage_write_fn, void *);

static void compare_output(const char *what, writer_fn fn, const salvage_doc *a,
                           const salvage_doc *b)
{
    fz_sink sa, sb;
    memset(&sa, 0, sizeof sa);
    memset(&sb, 0, sizeof sb);
    salvage_status st_a = fn(a, fz_sink_write, &sa);
    salvage_status st_b = fn(b, fz_sink_write, &sb);
    if (!sa.oom && !sb.oom) {
        FZ_CHECK(st_a == st_b);
        size_t i = 0;
        while (i < sa.len && i < sb.len && sa.data[i] == sb.data[i])
            i++;
        if (i != sa.len || i != sb.len) {
            fprintf(stderr, "%s differs at byte %zu (one-shot %zu bytes, streamed %zu)\n",
                    what, i, sa.len, sb.len);
            fprintf(stderr, "one-shot: %.200s\nstreamed: %.200s\n", sa.data ? sa.data + i : "",
                    sb.data ? sb.data + i : "");
        }
        FZ_CHECK(i == sa.len && i == sb.len);
    }
    fz_sink_free(&sa);
    fz_sink_free(&sb);
}

static int same_str(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

static void compare_node(const salvage_node *a, const salvage_node *b)
{
    FZ_CHECK(salvage_node_get_type(a) == salvage_node_get_type(b));
    FZ_CHECK(salvage_node_namespace(a) == salvage_node_namespace(b));
    FZ_CHECK(salvage_node_is_implied(a) == salvage_node_is_implied(b));
    const char *na = salvage_node_name(a), *nb = salvage_node_name(b);
    FZ_CHECK((na == NULL) == (nb == NULL));
    if (na)
        FZ_CHECK(strcmp(na, nb) == 0);
    size_t la = 0, lb = 0;
    const char *ta = salvage_node_text(a, &la), *tb = salvage_node_text(b, &lb);
    FZ_CHECK((ta == NULL) == (tb == NULL));
    if (ta)
        FZ_CHECK(same_str(ta, la, tb, lb));
    size_t n = salvage_node_attribute_count(a);
    FZ_CHECK(n == salvage_node_attribute_count(b));
    for (size_t i = 0; i < n; i++) {
        const salvage_attribute *x = salvage_node_attribute(a, i);
        const salvage_attribute *y = salvage_node_attribute(b, i);
        FZ_CHECK(x->ns == y->ns && same_str(x->name, x->name_len, y->name, y->name_len) &&
                 same_str(x->value, x->value_len, y->value, y->value_len));
    }
}

/* Both trees node by node (template contents included), in time linear in the nodes: the
 * html5lib-style dump indents by depth, so it is only compared for small inputs. */
static void compare_trees(const salvage_doc *a, const salvage_doc *b)
{
    const salvage_node *ra = salvage_doc_root(a), *rb = salvage_doc_root(b);
    FZ_CHECK((ra == NULL) == (rb == NULL));
    if (!ra)
        return;
    const salvage_node *x = NULL, *y = NULL;
    int ea = 0, eb = 0;
    for (;;) {
        x = salvage_walk_next(ra, x, &ea);
        y = salvage_walk_next(rb, y, &eb);
        FZ_CHECK((x == NULL) == (y == NULL) && ea == eb);
        if (!x)
            break;
        if (!ea)
            continue;
        compare_node(x, y);
        const salvage_node *ca = salvage_node_template_contents(x);
        const salvage_node *cb = salvage_node_template_contents(y);
        FZ_CHECK((ca == NULL) == (cb == NULL));
        if (ca) { /* contents are a separate fragment: compare its walk too */
            const salvage_node *p = NULL, *q = NULL;
            int fa = 0, fb = 0;
            for (;;) {
                p = salvage_walk_next(ca, p, &fa);
                q = salvage_walk_next(cb, q, &fb);
                FZ_CHECK((p == NULL) == (q == NULL) && fa == fb);
                if (!p)
                    break;
                if (fa)
                    compare_node(p, q);
            }
        }
    }
}

/* Chunk size for the next feed: mostly tiny (every split point matters), sometimes large. */
static size_t next_chunk(fz_rng *rng, uint8_t mode, size_t left)
{
    static const size_t caps[] = {1, 2, 3, 4, 7, 16, 64, 1024};
    size_t cap = caps[mode & 7];
    size_t n = (mode & 8) ? cap : 1 + (size_t)(fz_rng_next(rng) % cap);
    if ((mode & 16) && fz_rng_next(rng) % 8 == 0)
        n = 0; /* empty feeds are legal and must change nothing */
    return n < left ? n : left;
}

static salvage_status stream_parse(const fz_bytes *in, const salvage_options *opts,
                                   uint64_t seed, uint8_t mode, salvage_doc **out)
{
    salvage_parser *p = NULL;
    salvage_status st = salvage_parser_new(opts, &p);
    FZ_CHECK(st == SALVAGE_OK && p != NULL);
    fz_rng rng;
    fz_rng_seed(&rng, seed);
    size_t off = 0;
    while (off < in->len) {
        size_t n = next_chunk(&rng, mode, in->len - off);
        st = salvage_parser_feed(p, in->data + off, n);
        FZ_CHECK(st == SALVAGE_OK || st == SALVAGE_LIMIT);
        off += n;
    }
    *out = NULL;
    st = salvage_parser_finish(p, out);
    /* The parser is spent: further calls are out of order. */
    salvage_doc *again = NULL;
    FZ_CHECK(salvage_parser_feed(p, "x", 1) == SALVAGE_STATE);
    FZ_CHECK(salvage_parser_finish(p, &again) == SALVAGE_STATE && again == NULL);
    salvage_parser_free(p);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_bytes in = {data, size};
    salvage_options opts;
    salvage_options_init(&opts);
    uint8_t flags = fz_take_u8(&in);
    uint8_t context = fz_take_u8(&in);
    uint64_t seed = 0;
    for (int i = 0; i < 8; i++)
        seed = (seed << 8) | fz_take_u8(&in);
    uint8_t mode = fz_take_u8(&in);
    fz_apply_flags(&opts, flags, context, 1);
    /* Formatting-element reconstruction may clone up to max_depth/2 elements per text run
     * (spec behaviour, bounded by max_nodes); the tree dumps compared below grow with nodes
     * times depth. A node cap proportional to the input keeps each run fast while both
     * parses still meet the same limit at the same point. */
    opts.max_nodes = 256 + 4 * in.len;

    salvage_doc *whole = NULL, *streamed = NULL;
    salvage_status st_whole = salvage_parse(in.data, in.len, &opts, &whole);
    salvage_status st_stream = stream_parse(&in, &opts, seed, mode, &streamed);
    FZ_CHECK(st_whole == SALVAGE_OK || st_whole == SALVAGE_LIMIT);
    FZ_CHECK(st_whole == st_stream);
    FZ_CHECK(whole != NULL && streamed != NULL);
    fz_check_doc(streamed, in.len, &opts);

    compare_trees(whole, streamed);
    if (in.len <= 4096)
        compare_output("tree dump", salvage_write_tree, whole, streamed);
    compare_output("JSON", salvage_write_json, whole, streamed);
    compare_output("text", salvage_write_text, whole, streamed);
    compare_output("diagnostics", salvage_write_diagnostics, whole, streamed);

    salvage_doc_free(whole);
    salvage_doc_free(streamed);
    return 0;
}
